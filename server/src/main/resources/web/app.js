// The web client's session: login, events, commands, delivery acks and reconnecting. The credentials
// live in this module's variables only (never in storage), so a reload asks for them again.

import { Connection, socketUrl } from './protocol.js';
import { parse, TERMINAL_ONLY } from './commands.js';
import { View } from './view.js';

const $ = (id) => document.getElementById(id);
const SEEN_IDS = 16384; // as the terminal client: a re-sent direct message is dropped by id

let credentials = null; // { username, password } while the user wants to be logged in
let conn = null;
let zone;
let online = new Set();
let retryMillis = 500;
let retryTimer = null;
const seen = new Set();
let pendingAcks = [];
const view = new View({ onSelect: select, onUser: (u) => select(openDirect(u).key) });

function status(text) {
  $('status').textContent = text;
}

function info(text, kind = 'info', conv) {
  view.line({ kind, conv, text });
}

function openDirect(user) {
  return view.add({ key: `user:${user}`, title: user, user });
}

function openRoom(roomId, members) {
  const conv = view.add({ key: `room:${roomId}`, title: `Room ${roomId}`, roomId });
  if (members) conv.members = members;
  return conv;
}

function select(key) {
  view.select(key);
  $('line').focus();
}

// ---- connection and login ------------------------------------------------------------------------

async function connect(isReconnect) {
  clearTimeout(retryTimer);
  status(isReconnect ? 'Reconnecting…' : 'Connecting…');
  const c = new Connection(socketUrl(window.location), { onEvent: (f) => onEvent(c, f), onClose: (e) => onClose(c, e) });
  conn = c;
  let result;
  try {
    result = await c.login(credentials.username, credentials.password);
  } catch (err) {
    return; // onClose decides whether to try again
  }
  if (!result.ok) {
    loginFailed(result.frame);
    return;
  }
  retryMillis = 500;
  zone = c.zone;
  showChat();
  status(`Connected as ${credentials.username}`);
  if (result.registered) info(`New account ${credentials.username} registered`);
  info(isReconnect ? 'Reconnected' : `Welcome, ${credentials.username}`);
  const users = await c.request({ type: 'whoelse' });
  if (users.type === 'users') {
    online = new Set(users.users);
    view.online(online, credentials.username);
  }
}

function loginFailed(frame) {
  const message = frame.type === 'error' ? frame.message : `Unexpected answer: ${frame.type}`;
  credentials = null; // a refused login is not retried on its own
  conn.close();
  showLogin(message);
}

function onClose(c, event) {
  if (c !== conn) return;
  if (credentials === null) return; // logged out, refused, or the session ended
  if (!$('chat-screen').hidden) info('Connection lost', 'error');
  const wait = retryMillis * (0.75 + Math.random() / 2);
  retryMillis = Math.min(retryMillis * 2, 15000);
  status(`Not connected; trying again in ${Math.ceil(wait / 1000)} s${event.reason ? ` (${event.reason})` : ''}`);
  retryTimer = setTimeout(() => connect(true), wait);
}

function showLogin(error) {
  $('chat-screen').hidden = true;
  $('logout').hidden = true;
  $('whoami').hidden = true;
  $('login-screen').hidden = false;
  $('login-error').textContent = error || '';
  $('password').value = '';
  status('Not connected');
  ($('username').value ? $('password') : $('username')).focus();
}

function showChat() {
  const first = $('chat-screen').hidden;
  $('login-screen').hidden = true;
  $('chat-screen').hidden = false;
  $('logout').hidden = false;
  $('whoami').hidden = false;
  $('whoami').textContent = credentials.username;
  if (first) select(view.current);
}

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  credentials = { username: $('username').value.trim(), password: $('password').value };
  $('login-error').textContent = '';
  connect(false);
});

$('logout').addEventListener('click', () => logout());

async function logout() {
  const c = conn;
  credentials = null;
  clearTimeout(retryTimer);
  try {
    await c.request({ type: 'logout' });
  } catch (err) {
    // the connection was gone already: logged out either way
  }
  c.close();
  showLogin('You have logged out');
}

// ---- events ----------------------------------------------------------------------------------------

function onEvent(c, f) {
  switch (f.type) {
    case 'message-received':
      received(c, f);
      break;
    case 'broadcast-received':
      view.line({ kind: 'broadcast', conv: 'broadcast', tag: `Broadcast from ${f.from}`, at: f.at, zone,
        text: f.text, unread: true });
      break;
    case 'room-message-received':
      openRoom(f.roomId);
      view.line({ kind: 'room', conv: `room:${f.roomId}`, tag: `Room ${f.roomId}, ${f.from}`, at: f.at, zone,
        text: f.text, unread: true });
      break;
    case 'room-joined':
      openRoom(f.roomId, f.members);
      info(`${f.by} built room ${f.roomId} with ${f.members.join(', ')}`, 'room', `room:${f.roomId}`);
      break;
    case 'user-logged-in':
      online.add(f.user);
      view.online(online, credentials && credentials.username);
      info(`${f.user} logged in`);
      break;
    case 'user-logged-out':
      online.delete(f.user);
      view.online(online, credentials && credentials.username);
      info(`${f.user} logged out`);
      break;
    case 'private-requested':
      info(`${f.from} asked for a private chat. ${TERMINAL_ONLY}`);
      c.request({ type: 'private-answer', user: f.from, accept: false }).catch(() => {});
      break;
    case 'upload-incoming':
      info(`${f.from} is sending ${f.fileName}. ${TERMINAL_ONLY}`);
      break;
    case 'session-ended':
      credentials = null; // the server ended it: no automatic re-login
      showLogin(f.message);
      break;
    case 'error':
      info(f.message, 'error');
      break;
    default:
      console.info('event not shown', f);
  }
}

/** Shows a direct message once and acknowledges it (again, if seen), one ack per burst. */
function received(c, f) {
  if (!seen.has(f.messageId)) {
    seen.add(f.messageId);
    if (seen.size > SEEN_IDS) seen.delete(seen.values().next().value);
    const conv = openDirect(f.from);
    view.line({ kind: 'direct', conv: conv.key, tag: `${f.from}${f.offline ? ' (while you were away)' : ''}`,
      at: f.at, zone, text: f.text, unread: true });
  }
  pendingAcks.push(f.messageId);
  if (pendingAcks.length === 1) {
    // After the messages that arrived together are shown: the burst's end, as the terminal client.
    setTimeout(() => {
      const ids = pendingAcks;
      pendingAcks = [];
      for (let i = 0; i < ids.length; i += 1024) {
        try {
          c.tell({ type: 'ack', messageIds: ids.slice(i, i + 1024) });
        } catch (err) {
          return; // gone: the server sends them again at the next login
        }
      }
    }, 0);
  }
}

// ---- the input line --------------------------------------------------------------------------------

$('compose').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = $('line');
  const line = input.value;
  if (!line.trim()) return;
  const action = parse(line, zone);
  if (action.error !== undefined) {
    if (action.error) info(action.error, 'error');
    return;
  }
  if (action.logout) {
    input.value = '';
    logout();
    return;
  }
  if (action.help) {
    $('help').open = true;
    $('help').querySelector('summary').focus();
    input.value = '';
    return;
  }
  if (!conn || credentials === null || conn.socket.readyState !== WebSocket.OPEN || !zone) {
    info('Not connected yet: your text is kept, send it again once connected', 'error');
    return;
  }
  let request = action.request;
  if (action.say !== undefined) {
    request = requestFor(view.conversations.get(view.current), action.say);
    if (!request) {
      info('Open a conversation first (a user, a room or Everyone), or type a command (help)', 'error');
      return;
    }
  }
  input.value = ''; // sent: a dropped connection from here on is reported, the text shown in the log
  if (action.history) {
    await history(action.history, action.since);
  } else {
    await run(request);
  }
});

function requestFor(conv, text) {
  if (conv.user) return { type: 'message', to: conv.user, text };
  if (conv.roomId) return { type: 'room-message', roomId: conv.roomId, text };
  if (conv.key === 'broadcast') return { type: 'broadcast', text };
  return null;
}

async function run(request) {
  let r;
  try {
    r = await conn.request(request);
  } catch (err) {
    info(`Not sent: ${err.message}`, 'error');
    return;
  }
  show(request, r);
}

/** The answer to a command, as the terminal client words it. */
function show(request, r) {
  if (r.type === 'error') {
    info(r.message, 'error', convOf(request));
    return;
  }
  switch (r.type) {
    case 'message-sent': {
      const conv = openDirect(request.to);
      view.line({ kind: 'direct', conv: conv.key, tag: `You to ${request.to}${r.stored ? ' (stored: offline)' : ''}`,
        at: Date.now(), zone, text: request.text });
      break;
    }
    case 'broadcast-sent':
      view.line({ kind: 'broadcast', conv: 'broadcast', tag: 'You to everyone', at: r.at, zone, text: request.text });
      if (r.someSkipped) info('Your message could not be delivered to some recipients', 'error', 'broadcast');
      break;
    case 'room-message-sent':
      view.line({ kind: 'room', conv: `room:${r.roomId}`, tag: `Room ${r.roomId}, you`, at: r.at, zone,
        text: request.text });
      break;
    case 'room-built':
      openRoom(r.roomId, r.members);
      info(`${r.existed ? 'Room already exists' : 'Room built'}: room ${r.roomId} with ${r.members.join(', ')}`,
        'room', `room:${r.roomId}`);
      break;
    case 'users':
      info(r.users.length ? r.users.join('\n') : 'No other users');
      break;
    case 'active-user-list':
      info(r.users.length
        ? r.users.map((u) => `${u.username}, ${u.ip}, ${u.udpPort}, active since ${formatSince(u.since)}`).join('\n')
        : 'No other active user');
      break;
    case 'ok':
      if (request.type === 'block') info(`${request.user} is blocked`);
      else if (request.type === 'unblock') info(`${request.user} is unblocked`);
      break;
    default:
      info(`${r.type}`);
  }
}

function formatSince(at) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'medium', timeStyle: 'medium' }).format(at);
}

function convOf(request) {
  if (request.type === 'message') return `user:${request.to}`;
  if (request.type === 'room-message') return `room:${request.roomId}`;
  if (request.type === 'broadcast') return 'broadcast';
  return undefined;
}

/** RDM: every page, one after the other; a refused page waits and is asked for again. */
async function history(kind, since) {
  let after;
  let pause = 250;
  let count = 0;
  const conv = kind === 'BROADCAST' ? 'broadcast' : undefined;
  for (;;) {
    let r;
    try {
      r = await conn.request({ type: 'history', kind, since, ...(after ? { after } : {}) });
    } catch (err) {
      info(`History stopped: ${err.message}`, 'error');
      return;
    }
    if (r.type === 'error' && r.code === 'RATE_LIMITED') {
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 8000);
      continue;
    }
    if (r.type !== 'history-result') {
      show({ type: 'history' }, r);
      return;
    }
    for (const item of r.items) {
      count++;
      if (kind === 'BROADCAST') {
        view.line({ kind: 'broadcast', conv: 'broadcast', tag: `#${item.number} ${item.from} (history)`,
          at: item.at, zone, text: item.text });
      } else {
        openRoom(item.roomId);
        view.line({ kind: 'room', conv: `room:${item.roomId}`, tag: `Room ${item.roomId} #${item.number} ${item.from} (history)`,
          at: item.at, zone, text: item.text });
      }
    }
    if (!r.more) break;
    after = r.next;
  }
  info(count ? `${count} message${count === 1 ? '' : 's'} of history` : 'No messages in that history', 'info', conv);
}

$('history').addEventListener('click', () => {
  const conv = view.conversations.get(view.current);
  history(conv.roomId ? 'ROOMS' : 'BROADCAST', 0);
});
$('block').addEventListener('click', () => run({ type: 'block', user: view.conversations.get(view.current).user }));
$('unblock').addEventListener('click', () => run({ type: 'unblock', user: view.conversations.get(view.current).user }));

// Leaving the page (or its going into the back-forward cache) ends the session at once instead of
// leaving it to time out; coming back from that cache logs in again with the credentials held.
window.addEventListener('pagehide', () => {
  clearTimeout(retryTimer);
  if (conn) {
    const c = conn;
    conn = null;
    c.close();
  }
});
window.addEventListener('pageshow', (e) => {
  if (e.persisted && credentials) connect(true);
});

showLogin();
