"use strict";
// A minimal msgpack encoder and decoder: the types the TriOps protocol uses (docs/protocol.md,
// "Transport and framing"). No npm packages: Node's Buffer does the byte work.

function encode(value) {
  const parts = [];
  write(value, parts);
  return Buffer.concat(parts);
}

function byte(b) {
  return Buffer.from([b]);
}

function write(value, out) {
  if (value === null || value === undefined) {
    out.push(byte(0xc0));
  } else if (value === false) {
    out.push(byte(0xc2));
  } else if (value === true) {
    out.push(byte(0xc3));
  } else if (typeof value === "number") {
    if (Number.isSafeInteger(value)) writeInt(value, out);
    else writeFloat(value, out);
  } else if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    const n = bytes.length;
    if (n < 32) out.push(byte(0xa0 | n));
    else if (n < 0x100) out.push(Buffer.from([0xd9, n]));
    else if (n < 0x10000) out.push(header(0xda, n, 2));
    else out.push(header(0xdb, n, 4));
    out.push(bytes);
  } else if (Array.isArray(value)) {
    const n = value.length;
    if (n < 16) out.push(byte(0x90 | n));
    else if (n < 0x10000) out.push(header(0xdc, n, 2));
    else out.push(header(0xdd, n, 4));
    for (const item of value) write(item, out);
  } else if (typeof value === "object") {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    const n = keys.length;
    if (n < 16) out.push(byte(0x80 | n));
    else if (n < 0x10000) out.push(header(0xde, n, 2));
    else out.push(header(0xdf, n, 4));
    for (const key of keys) {
      write(key, out); // map keys are strings in this protocol
      write(value[key], out);
    }
  } else {
    throw new TypeError(`msgpack: cannot encode a ${typeof value}`);
  }
}

function header(tag, n, size) {
  const buf = Buffer.alloc(1 + size);
  buf[0] = tag;
  if (size === 2) buf.writeUInt16BE(n, 1);
  else buf.writeUInt32BE(n, 1);
  return buf;
}

function writeInt(n, out) {
  if (n >= 0) {
    if (n < 0x80) return out.push(byte(n));
    if (n < 0x100) return out.push(Buffer.from([0xcc, n]));
    if (n < 0x10000) return out.push(header(0xcd, n, 2));
    if (n < 0x100000000) return out.push(header(0xce, n, 4));
    const buf = Buffer.alloc(9);
    buf[0] = 0xcf;
    buf.writeBigUInt64BE(BigInt(n), 1);
    return out.push(buf);
  }
  if (n >= -32) return out.push(byte(n & 0xff)); // negative fixint
  const sizes = [[-0x80, 0xd0, 1], [-0x8000, 0xd1, 2], [-0x80000000, 0xd2, 4]];
  for (const [min, tag, size] of sizes) {
    if (n >= min) {
      const buf = Buffer.alloc(1 + size);
      buf[0] = tag;
      buf.writeIntBE(n, 1, size);
      return out.push(buf);
    }
  }
  const buf = Buffer.alloc(9);
  buf[0] = 0xd3;
  buf.writeBigInt64BE(BigInt(n), 1);
  return out.push(buf);
}

function writeFloat(x, out) {
  const buf = Buffer.alloc(9);
  buf[0] = 0xcb;
  buf.writeDoubleBE(x, 1);
  out.push(buf);
}

function decode(data) {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const reader = { buf, pos: 0 };
  const value = read(reader);
  if (reader.pos !== buf.length) throw new Error("msgpack: bytes left over after the value");
  return value;
}

function read(r) {
  const b = r.buf;
  if (r.pos >= b.length) throw new Error("msgpack: the value is cut short");
  const tag = b[r.pos++];
  if (tag < 0x80) return tag; // positive fixint
  if (tag >= 0xe0) return tag - 0x100; // negative fixint
  if ((tag & 0xf0) === 0x80) return readMap(r, tag & 0x0f);
  if ((tag & 0xf0) === 0x90) return readArray(r, tag & 0x0f);
  if ((tag & 0xe0) === 0xa0) return readStr(r, tag & 0x1f);
  switch (tag) {
    case 0xc0: return null;
    case 0xc2: return false;
    case 0xc3: return true;
    case 0xc4: return readBin(r, take(r, 1).readUInt8(0));
    case 0xc5: return readBin(r, take(r, 2).readUInt16BE(0));
    case 0xc6: return readBin(r, take(r, 4).readUInt32BE(0));
    case 0xca: return take(r, 4).readFloatBE(0);
    case 0xcb: return take(r, 8).readDoubleBE(0);
    case 0xcc: return take(r, 1).readUInt8(0);
    case 0xcd: return take(r, 2).readUInt16BE(0);
    case 0xce: return take(r, 4).readUInt32BE(0);
    case 0xcf: return bigToNumber(take(r, 8).readBigUInt64BE(0));
    case 0xd0: return take(r, 1).readInt8(0);
    case 0xd1: return take(r, 2).readInt16BE(0);
    case 0xd2: return take(r, 4).readInt32BE(0);
    case 0xd3: return bigToNumber(take(r, 8).readBigInt64BE(0));
    case 0xd9: return readStr(r, take(r, 1).readUInt8(0));
    case 0xda: return readStr(r, take(r, 2).readUInt16BE(0));
    case 0xdb: return readStr(r, take(r, 4).readUInt32BE(0));
    case 0xdc: return readArray(r, take(r, 2).readUInt16BE(0));
    case 0xdd: return readArray(r, take(r, 4).readUInt32BE(0));
    case 0xde: return readMap(r, take(r, 2).readUInt16BE(0));
    case 0xdf: return readMap(r, take(r, 4).readUInt32BE(0));
    default: throw new Error(`msgpack: unsupported type 0x${tag.toString(16)}`);
  }
}

function take(r, n) {
  if (r.pos + n > r.buf.length) throw new Error("msgpack: the value is cut short");
  const slice = r.buf.subarray(r.pos, r.pos + n);
  r.pos += n;
  return slice;
}

function bigToNumber(big) {
  const n = Number(big);
  if (!Number.isSafeInteger(n)) throw new Error("msgpack: an integer beyond 2^53");
  return n;
}

function readStr(r, n) {
  return take(r, n).toString("utf8");
}

function readBin(r, n) {
  return new Uint8Array(take(r, n));
}

function readArray(r, n) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = read(r);
  return out;
}

function readMap(r, n) {
  const out = Object.create(null); // a key such as "__proto__" stays a plain key
  for (let i = 0; i < n; i++) {
    const key = read(r);
    out[String(key)] = read(r);
  }
  return out;
}

module.exports = { encode, decode };
