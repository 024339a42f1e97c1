"use strict";
// Applying an update's patch to a view (docs/protocol.md, "Patches"):
//   ["s", path, value]  set the map entry or list item at path
//   ["d", path]         delete the map entry at path
//   ["a", path, items]  append items to the list at path
// A path is a list of map keys (strings) and list indices (integers) from the view's root.

class PatchError extends Error {}

function isMap(x) {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

function has(container, key) {
  if (Array.isArray(container)) return Number.isInteger(key) && key >= 0 && key < container.length;
  return isMap(container) && typeof key === "string" && Object.prototype.hasOwnProperty.call(container, key);
}

// The container at path[0..depth), which must exist.
function walk(view, path, depth) {
  let node = view;
  for (const key of path.slice(0, depth)) {
    if (!has(node, key)) throw new PatchError(`no entry at ${JSON.stringify(path)}`);
    node = node[key];
  }
  if (!isMap(node) && !Array.isArray(node)) {
    throw new PatchError(`no container at ${JSON.stringify(path)}`);
  }
  return node;
}

// Applies the operations in order, changing `view` in place, and returns it.
function applyPatch(view, ops) {
  if (!isMap(view) || !Array.isArray(ops)) throw new PatchError("a patch is a list applied to a map");
  for (const op of ops) {
    if (!Array.isArray(op) || !Array.isArray(op[1])) throw new PatchError("malformed operation");
    const [kind, path] = op;
    if (kind === "a") {
      const list = walk(view, path, path.length);
      if (!Array.isArray(list) || op.length !== 3 || !Array.isArray(op[2])) {
        throw new PatchError(`cannot append at ${JSON.stringify(path)}`);
      }
      list.push(...op[2]);
      continue;
    }
    if (path.length === 0) throw new PatchError("the root of a view is never replaced");
    const parent = walk(view, path, path.length - 1);
    const key = path[path.length - 1];
    if (kind === "s" && op.length === 3) {
      if (Array.isArray(parent) ? !has(parent, key) : typeof key !== "string") {
        throw new PatchError(`no entry at ${JSON.stringify(path)}`);
      }
      parent[key] = op[2];
    } else if (kind === "d" && op.length === 2) {
      if (!isMap(parent) || !has(parent, key)) throw new PatchError(`no entry at ${JSON.stringify(path)}`);
      delete parent[key];
    } else {
      throw new PatchError(`unknown operation ${JSON.stringify(kind)}`);
    }
  }
  return view;
}

module.exports = { applyPatch, PatchError };
