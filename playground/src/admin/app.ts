// The admin's languages besides English: the plugin ships German, French and Spanish, and
// Strapi shows a locale only when the app lists it here (each admin picks one in their profile).
export default {
  config: { locales: ['de', 'fr', 'es'] },
};
