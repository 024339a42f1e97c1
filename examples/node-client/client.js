"use strict";
// A TriOps seat client in plain JavaScript for Node 20+, written from docs/protocol.md alone.
//
// It joins a seat, keeps its view up to date by applying every update's patch, waits for the
// game to start, sends two actions (a chat line, then "ready"), and finally resumes on a new
// connection to check that its patched view equals the server's full view.
//
//   node client.js --url ws://127.0.0.1:8765 --code K7MQ2P --team t1 --role mlops --name Ada
//
// Progress goes to stderr; stdout gets one JSON line per step ("joined", then "done").

const crypto = require("node:crypto");
const { spawnSync } = require("node:child_process");
const { encode, decode } = require("./msgpack.js");
const { applyPatch } = require("./patch.js");

const PROTOCOL = 3;

// Node 20 has a WebSocket client behind a flag (Node 22 has it by default): start again with
// the flag rather than ask every user to remember it.
if (typeof WebSocket === "undefined") {
  if (process.execArgv.includes("--experimental-websocket")) {
    console.error("This Node has no WebSocket client: use Node 20 or later.");
    process.exit(3);
  }
  const again = spawnSync(process.execPath,
    ["--experimental-websocket", "--no-warnings", ...process.execArgv, __filename,
      ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(again.status === null ? 1 : again.status);
}

function options() {
  const out = { team: "t1", role: "mlops", name: "Node", text: "Hello from the Node client.",
    timeout: 30 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    if (!(key in out) && !["url", "code"].includes(key)) throw new Error(`unknown option ${argv[i]}`);
    out[key] = key === "timeout" ? Number(argv[i + 1]) : argv[i + 1];
  }
  if (!out.url || !out.code) {
    throw new Error("usage: node client.js --url ws://HOST:PORT --code CODE " +
      "[--team t1] [--role mlops] [--name NAME] [--text TEXT] [--timeout SECONDS]");
  }
  return out;
}

// Every connection about a game opens the game's address, /room/CODE on the server
// (docs/protocol.md, "Transport"): behind a proxy, that is how it reaches the process serving
// the game. The code goes in as the server gave it: upper case, no dashes.
function roomUrl(server, code) {
  const url = new URL(server);
  url.pathname = `/room/${code.toUpperCase().replace(/[^A-Z0-9]/g, "")}`;
  url.search = "";
  return url.toString();
}

function say(...words) {
  console.error("[node-client]", ...words);
}

// One WebSocket connection speaking msgpack frames. Every `state` and `update` is folded into
// `view` as it arrives, before anyone waiting on messages sees it.
class Connection {
  constructor(url) {
    this.url = url;
    this.inbox = [];
    this.waiters = [];
    this.view = null;
    this.lastSeq = 0;
    this.patches = 0; // live updates whose patch was applied
    this.replayed = 0; // updates replayed after a resume (events only)
    this.closed = null;
  }

  open() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url);
      ws.binaryType = "arraybuffer";
      ws.onopen = () => resolve(this);
      ws.onerror = (err) => reject(new Error(`cannot connect to ${this.url}: ${err.message || err}`));
      ws.onclose = (ev) => {
        this.closed = ev.code;
        for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`closed (${ev.code})`));
      };
      ws.onmessage = (ev) => this.receive(ev.data);
      this.ws = ws;
    });
  }

  receive(data) {
    if (typeof data === "string") throw new Error("the server sent a text frame");
    const message = decode(Buffer.from(data));
    if (message.type === "state") {
      this.view = message.view; // a whole view, whether `reset` or not
      this.lastSeq = Math.max(this.lastSeq, message.seq);
    } else if (message.type === "update") {
      if (message.patch !== undefined) {
        applyPatch(this.view, message.patch); // live: apply in order to the latest view
        this.patches += 1;
      } else {
        this.replayed += 1; // a replay: the `state` that follows brings the view
      }
      this.lastSeq = Math.max(this.lastSeq, message.seq);
    }
    const i = this.waiters.findIndex((w) => w.matches(message));
    if (i >= 0) this.waiters.splice(i, 1)[0].resolve(message);
    else this.inbox.push(message);
  }

  send(message) {
    this.ws.send(encode(message));
  }

  // The first message (already in or still to come) that `matches`.
  next(matches) {
    const i = this.inbox.findIndex(matches);
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0]);
    if (this.closed !== null) return Promise.reject(new Error(`closed (${this.closed})`));
    return new Promise((resolve, reject) => this.waiters.push({ matches, resolve, reject }));
  }

  // Send and wait for the reply of one of `types`; an `error` reply throws.
  async request(message, types) {
    this.send(message);
    const reply = await this.next((m) => types.includes(m.type) || m.type === "error");
    if (reply.type === "error") throw new Error(`${reply.code}: ${reply.message}`);
    return reply;
  }

  async hello() {
    return this.request({ type: "hello", protocol: PROTOCOL, client: "triops-node-example/1" },
      ["welcome"]);
  }

  // An action: the reply is the `ack` or `error` carrying the same action_id.
  async act(actionId, command) {
    this.send({ type: "action", action_id: actionId, based_on: this.view.game.version, command });
    const reply = await this.next((m) => (m.type === "ack" || m.type === "error")
      && m.action_id === actionId);
    if (reply.type === "error") throw new Error(`${command.type} refused: ${reply.code}: ${reply.message}`);
    return reply;
  }

  // A ping round trip: every frame sent before the pong has been read (and folded in).
  async caughtUp() {
    const nonce = crypto.randomInt(1, 1 << 30);
    this.send({ type: "ping", nonce });
    await this.next((m) => m.type === "pong" && m.nonce === nonce);
  }

  close() {
    this.ws.close(1000);
  }
}

function equal(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k)
    && equal(a[k], b[k]));
}

async function main(opts) {
  const address = roomUrl(opts.url, opts.code);
  const conn = await new Connection(address).open();
  const welcome = await conn.hello();
  say(`connected: ${welcome.server} speaks protocol ${welcome.protocol}`);

  const joined = await conn.request({ type: "join", code: opts.code, team: opts.team,
    role: opts.role, name: opts.name }, ["joined"]);
  const state = await conn.next((m) => m.type === "state");
  const you = conn.view.you;
  say(`joined ${you.team_name} as ${you.role}; the game is in phase ${conn.view.game.phase}`);
  console.log(JSON.stringify({ step: "joined", token: joined.token, seat: state.seat, as: state.as,
    seq: state.seq, reset: state.reset, kind: conn.view.kind, role: you.role,
    phase: conn.view.game.phase, version: conn.view.game.version }));

  // In the lobby nothing can be done yet: follow the updates until the facilitator starts.
  while (conn.view.game.phase === "lobby") {
    say("waiting for the facilitator to start the game");
    await conn.next((m) => m.type === "update");
  }
  say(`phase ${conn.view.game.phase}, quarter ${conn.view.game.quarter}`);

  // Action ids: something random per run, then a counter (docs/protocol.md, "Choosing action ids").
  const prefix = crypto.randomBytes(4).toString("hex");
  const chatId = `${prefix}-1`;
  const chatAck = await conn.act(chatId, { type: "chat", text: opts.text });
  say(`chat acknowledged: seq ${chatAck.seq}, version ${chatAck.version}`);
  const readyAck = await conn.act(`${prefix}-2`, { type: "ready", ready: true });
  say(`ready acknowledged: seq ${readyAck.seq}`);
  await conn.caughtUp();
  const chat = conn.view.team.chat.map((line) => line.text);
  if (!chat.includes(opts.text)) throw new Error("the chat line is missing from the patched view");
  conn.close();

  // Resume on a new connection: the server's full view must equal the one we patched.
  const again = await new Connection(address).open();
  await again.hello();
  again.send({ type: "resume", token: joined.token, last_seq: conn.lastSeq });
  const fresh = await again.next((m) => m.type === "state");
  const matches = equal(conn.view, fresh.view);
  say(matches ? "the patched view equals the server's full view"
    : "the patched view differs from the server's full view");
  again.close();

  console.log(JSON.stringify({ step: "done", action_id: chatId, acks: [chatAck, readyAck],
    last_seq: conn.lastSeq, patches: conn.patches, view: conn.view, resumed_seq: fresh.seq,
    resumed_reset: fresh.reset, replayed: again.replayed, matches }));
  return matches ? 0 : 1;
}

let opts;
try {
  opts = options();
} catch (err) {
  console.error(err.message);
  process.exit(3);
}
const timer = setTimeout(() => {
  say(`timed out after ${opts.timeout} s`);
  process.exit(2);
}, 1000 * opts.timeout);

main(opts).then((code) => {
  clearTimeout(timer);
  process.exitCode = code;
}, (err) => {
  clearTimeout(timer);
  say(`failed: ${err.message}`);
  process.exitCode = 1;
});
