// The demo internal tool: a small ticket desk (a single-page app with history navigation) that
// includes activity-capture with one script tag and plain init options, and a header button that
// opens the SDK's built-in transparency panel.
(function () {
  'use strict';
  const people = {
    'jane-doe': { name: 'Jane Doe', email: 'jane.doe@example.com', phone: '+1 415 555 0134' },
    'rahul-mehta': { name: 'Rahul Mehta', email: 'rahul.mehta@example.org', phone: '+44 20 7946 0958' },
    'ana-lima': { name: 'Ana Lima', email: 'ana.lima@example.net', phone: '+55 11 5555 0199' },
  };
  const tickets = [
    { id: 4711, title: 'Printer offline on floor 3', who: 'jane-doe' },
    { id: 4712, title: 'VPN drops every hour', who: 'rahul-mehta' },
    { id: 4713, title: 'Cannot open payroll report', who: 'ana-lima' },
  ];
  const view = document.getElementById('view');
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) e.append(c);
    return e;
  };

  const screens = {
    queue() {
      const rows = tickets.map((t) => {
        const p = people[t.who];
        const row = el('tr', { class: 'row', 'data-href': `/tickets/${t.id}`, 'data-ac-label': 'Ticket row' },
          el('td', {}, `#${t.id} ${t.title}`),
          el('td', { title: p.name }, el('a', { href: `/customers/${t.who}` }, p.name.split(' ').map((w) => w[0] + '.').join(' '))),
          el('td', {}, el('a', { href: `mailto:${p.email}`, 'data-ac-label': 'Email requester' }, 'email')));
        return row;
      });
      return [el('h1', {}, 'Queue'), el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Ticket'), el('th', {}, 'Requester'), el('th', {}, 'Contact'))), el('tbody', {}, ...rows))];
    },
    ticket(id) {
      const t = tickets.find((x) => String(x.id) === id) || tickets[0];
      const p = people[t.who];
      return [el('h1', {}, `#${t.id} ${t.title}`), el('p', {}, 'Requested by ', el('a', { href: `/customers/${t.who}` }, p.name)),
        el('button', { type: 'button', 'data-ac-label': 'Assign ticket' }, 'Assign to me'), ' ',
        el('button', { type: 'button', 'data-ac-label': 'Close ticket' }, 'Close')];
    },
    newTicket() {
      const form = el('form', { id: 'ticket-form', 'data-ac-label': 'New ticket form' },
        el('label', {}, 'Requester email', el('input', { name: 'email', type: 'email', autocomplete: 'email' })),
        el('label', {}, 'Phone', el('input', { name: 'phone', type: 'tel' })),
        el('label', {}, 'Card on file', el('input', { name: 'card', autocomplete: 'cc-number', inputmode: 'numeric' })),
        el('label', {}, 'Portal password', el('input', { name: 'password', type: 'password' })),
        el('label', {}, 'Notes', el('textarea', { name: 'notes', rows: '4' })),
        el('button', { type: 'submit', 'data-ac-label': 'Create ticket' }, 'Create ticket'));
      form.addEventListener('submit', (e) => { e.preventDefault(); form.reset(); navigate('/'); });
      return [el('h1', {}, 'New ticket'), form];
    },
    customer(slug) {
      const p = people[slug] || { name: slug, email: '', phone: '' };
      return [el('h1', {}, p.name), el('p', {}, el('a', { href: `mailto:${p.email}`, 'data-ac-label': 'Email customer' }, p.email)), el('p', {}, p.phone),
        el('a', { href: '/', 'data-ac-label': 'Back to queue' }, 'Back to the queue')];
    },
  };

  function render() {
    const path = location.pathname;
    let m;
    let content;
    if (path === '/tickets/new') content = screens.newTicket();
    else if ((m = path.match(/^\/tickets\/(\d+)$/))) content = screens.ticket(m[1]);
    else if ((m = path.match(/^\/customers\/([a-z-]+)$/))) content = screens.customer(m[1]);
    else content = screens.queue();
    view.replaceChildren(...content);
  }
  function navigate(path) {
    history.pushState(null, '', path);
    render();
  }
  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[href^="/"]');
    const row = e.target.closest('tr[data-href]');
    if (a) { e.preventDefault(); navigate(a.getAttribute('href')); }
    else if (row && !e.target.closest('a')) navigate(row.dataset.href);
  });
  window.addEventListener('popstate', render);
  render();

  // activity-capture: one script tag above, plain options here.
  const status = document.getElementById('sdk-status');
  window.acReady = ActivityCapture.init({
    endpoint: 'http://127.0.0.1:8787',
    app: 'ticket-desk',
    ingestKey: 'ik_demo_ticket_desk',
    wasmUrl: 'http://127.0.0.1:8787/sdk/activity_capture_bg.wasm',
    purposes: {
      interaction: 'Which screens of the ticket desk are slow to work through, so we can fix them.',
      typing: 'How much typing each form needs (counts only, never what you type), so we can shorten forms.',
      pointer: 'How far the pointer travels per screen, to find awkward layouts.',
      navigation: 'Which screens people move between, to improve the menus.',
    },
    routes: ['/tickets/:id', '/tickets/new', '/customers/:name'],
  }).then(
    (ac) => {
      status.textContent = 'activity-capture: running';
      setUpPanel(ac);
      return ac;
    },
    (err) => {
      status.textContent = 'activity-capture: not started: ' + err.message;
      throw err;
    },
  );

  // The SDK's own transparency panel (loaded on first use): what is about to be sent, what was
  // sent recently and what the collector holds, with pause, consent, download and forget. The
  // host only gives it an entry point.
  function setUpPanel(ac) {
    document.getElementById('panel-toggle').addEventListener('click', () => ac.showPanel());
  }
})();
