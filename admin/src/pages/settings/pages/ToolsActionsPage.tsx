import { useIntl } from 'react-intl';
import { getTranslation } from '../../../utils/getTranslation';
import { ActionsSection } from '../ActionsSection';
import { McpSection } from '../McpSection';
import { SettingsSubPage } from '../SettingsSubPage';
import { ToolsSection } from '../ToolsSection';

/** What the agent may read and propose to write, and whether members reach it over MCP. */
const ToolsActionsPage = () => {
  const { formatMessage } = useIntl();
  return (
    <SettingsSubPage
      page="tools"
      title="Tools and actions"
      subtitle={formatMessage({
        id: getTranslation('settings.pages.tools.subtitle'),
        defaultMessage:
          'The collections the agent reads as the member, the actions it proposes, and its MCP endpoint.',
      })}
    >
      {({ view, form, setSection, onSectionChange, errors, readOnly }) => (
        <>
          <ToolsSection
            tools={form.tools}
            source={view.tools.source}
            onChange={onSectionChange('tools')}
            errors={errors}
            readOnly={readOnly}
          />
          <ActionsSection
            actions={form.actions}
            source={view.actions.source}
            collections={form.tools.map((tool) => tool.name.trim()).filter(Boolean)}
            onChange={onSectionChange('actions')}
            errors={errors}
            readOnly={readOnly}
          />
          <McpSection
            view={view.mcp}
            agentTools={view.agentTools}
            value={form.mcp}
            inboundUrl={view.webhook.inboundUrl}
            onChange={(mcp, changedPath) => setSection('mcp', () => mcp, changedPath)}
            errors={errors}
            readOnly={readOnly}
          />
        </>
      )}
    </SettingsSubPage>
  );
};

export default ToolsActionsPage;
