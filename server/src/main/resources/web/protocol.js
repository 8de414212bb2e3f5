// The Parley protocol over a WebSocket: one text message is one JSON frame (docs/PROTOCOL.md).
// Requests are matched to responses by id; events go to onEvent. One Connection per socket.

const AGENT = 'parley-web/0.1';

export class Connection {
  constructor(url, { onEvent, onClose }) {
    this.nextId = 1;
    this.pending = new Map();
    this.onEvent = onEvent;
    this.onClose = onClose;
    this.socket = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.socket.addEventListener('open', () => resolve(), { once: true });
      this.socket.addEventListener('error', () => reject(new Error('Cannot reach the server')), { once: true });
    });
    this.socket.addEventListener('message', (e) => this.receive(e.data));
    this.socket.addEventListener('close', (e) => {
      for (const p of this.pending.values()) p.reject(new Error('Connection lost'));
      this.pending.clear();
      this.onClose(e);
    });
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch (err) {
      console.error('not a JSON frame from the server', data, err);
      return;
    }
    const waiting = frame.id ? this.pending.get(frame.id) : undefined;
    if (waiting) {
      this.pending.delete(frame.id);
      waiting.resolve(frame);
    } else {
      this.onEvent(frame);
    }
  }

  /** Sends a request and resolves with its response (an error response too: callers look at type). */
  request(fields) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ ...fields, id });
    });
  }

  /** Sends a request that gets no response unless refused (ack). */
  tell(fields) {
    this.send({ ...fields, id: this.nextId++ });
  }

  send(frame) {
    if (this.socket.readyState !== WebSocket.OPEN) throw new Error('Not connected');
    this.socket.send(JSON.stringify(frame));
  }

  close() {
    this.socket.close(1000);
  }

  /**
   * hello, login-user, login-password. Resolves with { ok, registered, frame } where frame is the
   * last response (logged-in or the error to show).
   */
  async login(username, password) {
    await this.opened;
    const hello = await this.request({ type: 'hello', version: 1, agent: AGENT });
    if (hello.type !== 'hello-ok') return { ok: false, frame: hello };
    this.zone = hello.zone;
    const prompt = await this.request({ type: 'login-user', username });
    if (prompt.type !== 'login-prompt') return { ok: false, frame: prompt };
    const done = await this.request({ type: 'login-password', password, udpPort: 0, privatePort: 0 });
    return { ok: done.type === 'logged-in', registered: prompt.prompt === 'NEW_PASSWORD', frame: done };
  }
}

/** The WebSocket address of the page's own server: wss when the page came over https. */
export function socketUrl(location) {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
}
