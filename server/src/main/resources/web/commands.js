// The input line: both command vocabularies of the terminal client (any word also after "/",
// "/msg", "/quit" and "/who" as aliases), and plain text for the open conversation.
// parse() returns one of:
//   { request: {...} }            a protocol request to send
//   { history: 'BROADCAST'|'ROOMS', since }
//   { logout: true } | { help: true }
//   { say: text }                 plain text for the open conversation
//   { error: 'line to show' }

const WORDS = {
  message: 'message', broadcast: 'broadcast', bcm: 'broadcast', whoelse: 'whoelse',
  whoelsesince: 'whoelsesince', atu: 'atu', block: 'block', unblock: 'unblock', srb: 'srb', srm: 'srm',
  rdm: 'rdm', logout: 'logout', out: 'logout', help: 'help',
  startprivate: 'p2p', private: 'p2p', stopprivate: 'p2p', udp: 'p2p', upd: 'p2p',
  y: 'p2p', n: 'p2p', accept: 'p2p', decline: 'p2p',
};
const SLASH_ONLY = { msg: 'message', quit: 'logout', who: 'whoelse' };

export const TERMINAL_ONLY = 'Private chat and UDP file upload need a direct link between two clients, '
  + 'which a browser cannot open: use the terminal client (parley client) for them.';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Splits off the first word: [word, rest] with the rest as typed (only the separating blanks go). */
function split(text) {
  const m = /^\s*(\S+)\s?([\s\S]*)$/.exec(text);
  return m ? [m[1], m[2]] : ['', ''];
}

function commandOf(word) {
  const lower = word.toLowerCase();
  if (lower.length > 1 && lower.startsWith('/')) {
    const bare = lower.slice(1);
    return WORDS[bare] || SLASH_ONLY[bare];
  }
  return WORDS[lower];
}

export function parse(line, zone) {
  const [word, rest] = split(line);
  const command = commandOf(word);
  if (!command) return line.trim() ? { say: line } : { error: '' };
  const args = rest.trim().split(/\s+/).filter(Boolean);
  switch (command) {
    case 'message': {
      const [to, text] = split(rest);
      if (!to || !text.trim()) return { error: 'Usage: message <user> <text>' };
      return { request: { type: 'message', to, text } };
    }
    case 'broadcast':
      if (!rest.trim()) return { error: 'Usage: broadcast <text>' };
      return { request: { type: 'broadcast', text: rest } };
    case 'whoelse':
      return { request: { type: 'whoelse' } };
    case 'whoelsesince': {
      const seconds = Number(args[0]);
      if (args.length !== 1 || !Number.isSafeInteger(seconds) || seconds < 0) {
        return { error: 'Usage: whoelsesince <seconds>' };
      }
      return { request: { type: 'whoelsesince', seconds } };
    }
    case 'atu':
      return { request: { type: 'active-users' } };
    case 'block':
    case 'unblock':
      if (args.length !== 1) return { error: `Usage: ${command} <user>` };
      return { request: { type: command, user: args[0] } };
    case 'srb':
      if (args.length < 1) return { error: 'Usage: SRB <user> [<user> ...]' };
      return { request: { type: 'room-build', users: args } };
    case 'srm': {
      const [room, text] = split(rest);
      const roomId = Number(room);
      if (!Number.isSafeInteger(roomId) || roomId < 1 || !text.trim()) return { error: 'Usage: SRM <roomID> <text>' };
      return { request: { type: 'room-message', roomId, text } };
    }
    case 'rdm': {
      const [kind, ts] = split(rest);
      const since = parseTimestamp(ts.trim(), zone);
      if (!['b', 's'].includes(kind.toLowerCase()) || since === null) {
        return { error: 'Usage: RDM b|s <ts> (ts as d MMM yyyy H:mm:ss, e.g. 1 Jun 2026 9:00:00)' };
      }
      return { history: kind.toLowerCase() === 'b' ? 'BROADCAST' : 'ROOMS', since };
    }
    case 'logout':
      return { logout: true };
    case 'help':
      return { help: true };
    default:
      return { error: TERMINAL_ONLY };
  }
}

/** "d MMM yyyy H:mm:ss" in the server's zone, or ISO-8601; null when it is not a real time. */
export function parseTimestamp(text, zone) {
  const m = /^(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (m) {
    const [day, month, year, hour, minute, second] =
      [Number(m[1]), MONTHS.indexOf(m[2].toLowerCase()), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])];
    if (month < 0 || hour > 23 || minute > 59 || second > 59) return null;
    const asUtc = Date.UTC(year, month, day, hour, minute, second);
    const check = new Date(asUtc);
    if (check.getUTCDate() !== day || check.getUTCMonth() !== month) return null; // 31 Feb
    return asUtc - offsetMillis(zone, asUtc);
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const at = Date.parse(text);
    return Number.isNaN(at) ? null : at;
  }
  return null;
}

/** How far the zone's wall clock is ahead of UTC around this instant. */
function offsetMillis(zone, at) {
  const parts = {};
  new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(at)).forEach((p) => { parts[p.type] = p.value; });
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day),
    Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(at / 1000) * 1000;
}
