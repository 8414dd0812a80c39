/**
 * The linking page's code, served as /link/app.js (no inline script, see page.ts). It does what
 * a host's own page would do with the public API: log in through users-permissions
 * (/auth/local), ask for a phrase (POST /whatsapp-agent/link-codes), draw its QR code
 * (POST /whatsapp-agent/link/qr), list and unlink the member's phones (/channels/me). Tokens stay
 * in memory: closing the tab forgets them. Plain ES2017, no build step.
 */
export const LINKING_PAGE_SCRIPT = `'use strict';
(function () {
  var api = document.body.getAttribute('data-api') + '';
  var $ = function (id) { return document.getElementById(id); };
  var session = null;
  var poll = null;
  var known = 0;

  var show = function (id, on) { $(id).hidden = !on; };
  var fail = function (message) { $('error').textContent = message; show('error', Boolean(message)); };
  var errorOf = function (body, status) {
    return (body && body.error && body.error.message) || 'Something went wrong (' + status + '). Try again.';
  };

  var request = function (path, options, retried) {
    options = options || {};
    var headers = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (session) headers.Authorization = 'Bearer ' + session.jwt;
    return fetch(api + path, {
      method: options.method || 'GET',
      headers: headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }).then(function (res) {
      // Access tokens are short-lived in refresh mode: renew once, with the refresh token the
      // login answered, or (sessions.httpOnly) the cookie it set, which the browser sends along.
      if (res.status === 401 && session && !retried) {
        return fetch(api + '/auth/refresh', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(session.refreshToken ? { refreshToken: session.refreshToken } : {}),
        }).then(function (renewed) {
          if (!renewed.ok) { loggedOut('Your session ended: log in again.'); throw new Error('logged out'); }
          return renewed.json().then(function (tokens) {
            session.jwt = tokens.jwt;
            session.refreshToken = tokens.refreshToken || session.refreshToken;
            return request(path, options, true);
          });
        });
      }
      if (res.status === 204) return null;
      var type = res.headers.get('Content-Type') || '';
      var read = type.indexOf('json') >= 0 ? res.json() : res.text();
      return read.then(function (body) {
        if (!res.ok) throw new Error(errorOf(body, res.status));
        return body;
      });
    });
  };

  var loggedOut = function (message) {
    session = null;
    if (poll) clearInterval(poll);
    show('member', false);
    show('phrase-box', false);
    show('login', true);
    fail(message || '');
  };

  var renderChannels = function (channels) {
    var list = $('channels');
    list.textContent = '';
    channels.forEach(function (channel) {
      var item = document.createElement('li');
      var label = document.createElement('span');
      label.textContent = channel.address + ' · linked ' + new Date(channel.linkedAt).toLocaleDateString();
      var unlink = document.createElement('button');
      unlink.type = 'button';
      unlink.className = 'secondary';
      unlink.textContent = 'Unlink';
      unlink.addEventListener('click', function () {
        if (!window.confirm('Unlink ' + channel.address + '? Its conversation is erased.')) return;
        request('/whatsapp-agent/channels/me/' + encodeURIComponent(channel.documentId), { method: 'DELETE' })
          .then(loadChannels)
          .catch(function (error) { fail(error.message); });
      });
      item.appendChild(label);
      item.appendChild(unlink);
      list.appendChild(item);
    });
    show('no-channels', channels.length === 0);
  };

  var loadChannels = function () {
    return request('/whatsapp-agent/channels/me').then(function (body) {
      var channels = body.data || [];
      if (poll && channels.length > known) {
        clearInterval(poll);
        poll = null;
        show('phrase-box', false);
        $('linked').textContent = 'Linked: ' + channels[0].address + ' now talks to the assistant as you.';
        show('linked', true);
      }
      known = channels.length;
      renderChannels(channels);
    });
  };

  $('login-form').addEventListener('submit', function (event) {
    event.preventDefault();
    fail('');
    fetch(api + '/auth/local', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ identifier: $('identifier').value, password: $('password').value }),
    })
      .then(function (res) {
        return res.json().then(function (body) {
          if (!res.ok || !body.jwt) throw new Error(errorOf(body, res.status));
          session = { jwt: body.jwt, refreshToken: body.refreshToken };
          $('password').value = '';
          $('member-name').textContent = (body.user && (body.user.username || body.user.email)) || '';
          show('login', false);
          show('member', true);
          return loadChannels();
        });
      })
      .catch(function (error) { fail(error.message); });
  });

  $('logout').addEventListener('click', function () {
    // With its refresh token (or cookie), logout ends this browser's session only, not the
    // WhatsApp links: users-permissions ends every session of a logout that names none.
    var body = session && session.refreshToken ? { refreshToken: session.refreshToken } : {};
    request('/auth/logout', { method: 'POST', body: body }).catch(function () {}).then(function () { loggedOut(''); });
  });

  $('get-phrase').addEventListener('click', function () {
    fail('');
    show('linked', false);
    request('/whatsapp-agent/link-codes', { method: 'POST', body: {} })
      .then(function (code) {
        $('phrase').textContent = code.code;
        $('number').textContent = code.number;
        $('deep-link').href = code.deepLink;
        $('expires').textContent = 'Valid until ' + new Date(code.expiresAt).toLocaleTimeString() + ', once.';
        show('phrase-box', true);
        if (poll) clearInterval(poll);
        // Until it expires, look every few seconds whether the phone has sent it.
        poll = setInterval(function () {
          if (Date.now() > Date.parse(code.expiresAt)) { clearInterval(poll); poll = null; return; }
          loadChannels().catch(function () {});
        }, 4000);
        return request('/whatsapp-agent/link/qr', { method: 'POST', body: { deepLink: code.deepLink } });
      })
      .then(function (svg) {
        if (svg) $('qr').src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
      })
      .catch(function (error) { fail(error.message); });
  });
})();
`;
