import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import ChannelsPage from './channels/ChannelsPage';
import ConversationPage from './conversation/ConversationPage';

/** The plugin's main-menu page: the linked numbers, and one conversation at a time. */
const App = () => (
  <Routes>
    <Route index element={<ChannelsPage />} />
    <Route path=":documentId" element={<ConversationPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);

export default App;
