// Rendering: the conversation log, the conversation list with unread markers, the online list.
// Owns the DOM below #chat-screen; app.js owns the state of the session.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const $ = (id) => document.getElementById(id);

/** "d MMM yyyy HH:mm:ss" in the server's zone, as the terminal client shows times. */
export function formatTime(at, zone) {
  const parts = {};
  new Intl.DateTimeFormat('en-GB', {
    timeZone: zone || undefined, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(at)).forEach((p) => { parts[p.type] = p.value; });
  return `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1]} ${parts.year} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export class View {
  constructor({ onSelect, onUser }) {
    this.onSelect = onSelect;
    this.onUser = onUser;
    this.conversations = new Map();
    this.current = 'all';
    this.add({ key: 'all', title: 'All messages' });
    this.add({ key: 'broadcast', title: 'Everyone (broadcasts)' });
  }

  /** A conversation in the list; kept if it is there already. */
  add(conv) {
    if (this.conversations.has(conv.key)) return this.conversations.get(conv.key);
    const entry = { ...conv, unread: 0 };
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.conv = conv.key;
    const name = document.createElement('span');
    name.textContent = conv.title;
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.hidden = true;
    button.append(name, badge);
    button.addEventListener('click', () => this.onSelect(conv.key));
    li.append(button);
    $('conversations').append(li);
    entry.button = button;
    entry.badge = badge;
    this.conversations.set(conv.key, entry);
    this.mark(entry);
    return entry;
  }

  select(key) {
    this.current = key;
    const conv = this.conversations.get(key);
    conv.unread = 0;
    for (const c of this.conversations.values()) this.mark(c);
    $('conv-title').textContent = conv.title;
    for (const li of $('log').children) li.hidden = !this.shows(li.dataset.conv);
    $('line-label').textContent = conv.key === 'all' ? 'Message or command'
      : `Message ${conv.title} (or a command)`;
    $('history').hidden = !(key === 'broadcast' || conv.roomId);
    $('block').hidden = !conv.user;
    $('unblock').hidden = !conv.user;
    this.scroll();
  }

  shows(convKey) {
    return this.current === 'all' || convKey === this.current || convKey === undefined;
  }

  mark(conv) {
    const selected = conv.key === this.current;
    conv.button.setAttribute('aria-current', selected ? 'true' : 'false');
    conv.badge.hidden = conv.unread === 0;
    conv.badge.textContent = String(conv.unread);
    conv.button.setAttribute('aria-label', conv.unread ? `${conv.title}, ${conv.unread} unread` : conv.title);
  }

  /**
   * One line of the log. kind: direct, broadcast, room (messages: tag, from, time, text), or info /
   * error (text only). conv: the conversation it belongs to (undefined: shown in every view).
   */
  line({ kind, conv, tag, at, zone, text, unread }) {
    const li = document.createElement('li');
    li.dataset.kind = kind;
    if (conv) li.dataset.conv = conv;
    if (tag) {
      const t = document.createElement('span');
      t.className = 'tag';
      t.textContent = tag;
      li.append(t);
    }
    if (at) {
      const time = document.createElement('time');
      time.className = 'meta';
      time.dateTime = new Date(at).toISOString();
      time.textContent = formatTime(at, zone);
      li.append(time);
    }
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    li.append(body);
    li.hidden = !this.shows(conv);
    $('log').append(li);
    if (unread && conv && conv !== this.current) {
      const c = this.conversations.get(conv);
      if (c) {
        c.unread++;
        this.mark(c);
      }
      const all = this.conversations.get('all');
      if (this.current !== 'all') {
        all.unread++;
        this.mark(all);
      }
    }
    this.scroll();
  }

  /** Once per animation frame, however many lines arrived: reading scrollHeight forces a layout. */
  scroll() {
    if (this.scrollPending) return;
    this.scrollPending = true;
    requestAnimationFrame(() => {
      this.scrollPending = false;
      const log = $('log');
      log.scrollTop = log.scrollHeight;
    });
  }

  online(users, me) {
    const list = $('online');
    list.replaceChildren();
    const others = [...users].filter((u) => u !== me).sort();
    $('online-count').textContent = `(${others.length})`;
    for (const user of others) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.user = user;
      button.textContent = user;
      button.setAttribute('aria-label', `Message ${user}`);
      button.addEventListener('click', () => this.onUser(user));
      li.append(button);
      list.append(li);
    }
  }
}
