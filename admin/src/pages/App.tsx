import { Layouts, Page } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useMainPermissions } from '../hooks/useMainPermissions';
import ChannelsPage from './channels/ChannelsPage';
import ConversationPage from './conversation/ConversationPage';
import HandoffPage from './conversation/HandoffPage';
import InboxPage from './inbox/InboxPage';
import { PluginNav } from './PluginNav';
import SetupPage from './setup/SetupPage';
import UsagePage from './usage/UsagePage';

/**
 * The menu link shows for channels.read, conversations.read, usage.read or settings.read: an
 * admin without the first lands on a page they may open instead of a "no permissions" page.
 */
const Home = () => {
  const { isLoading, canReadChannels, canReadUsage, canReadConversations, canReadSettings } =
    useMainPermissions();
  if (isLoading) return <Page.Loading />;
  if (!canReadChannels && canReadConversations) return <Navigate to="inbox" replace />;
  if (!canReadChannels && canReadUsage) return <Navigate to="usage" replace />;
  if (!canReadChannels && canReadSettings) return <Navigate to="setup" replace />;
  return <ChannelsPage />;
};

/** The plugin's main-menu page: the linked numbers and one conversation at a time, and usage. */
const App = () => (
  <Layouts.Root sideNav={<PluginNav />}>
    <Routes>
      <Route index element={<Home />} />
      <Route path="usage" element={<UsagePage />} />
      <Route path="inbox" element={<InboxPage />} />
      <Route path="setup" element={<SetupPage />} />
      <Route path="conversations/:documentId" element={<HandoffPage />} />
      <Route path=":documentId" element={<ConversationPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Layouts.Root>
);

export default App;
