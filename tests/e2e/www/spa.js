// A router of each kind SPAs use: history.pushState/replaceState, back (popstate), hash links
// (with `?hash`, hash routing) and the Navigation API's intercepted navigations.
const hashRouting = location.search.includes('hash');
window.acReady = ActivityCapture.init(window.fixtureOptions({
  routes: ['/spa.html', '/orders/:id', '/orders/:id/notes', '/teams/:team'],
  hashRouting,
})).then((h) => {
  h.setConsent({ interaction: true, navigation: true });
  return h;
});
if ('navigation' in window) {
  navigation.addEventListener('navigate', (e) => {
    if (e.info === 'spa') e.intercept({ handler: async () => {} });
  });
}
const routes = {
  push: () => history.pushState({}, '', '/orders/991'),
  replace: () => history.replaceState({}, '', '/orders/992/notes'),
  back: () => history.back(),
  hash: () => { location.hash = hashRouting ? '#/orders/5' : '#details'; },
  navigate: () => navigation.navigate('/teams/alpha', { info: 'spa' }),
};
document.addEventListener('click', (e) => {
  const go = routes[e.target.id];
  if (go) go();
});
