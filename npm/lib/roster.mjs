// createRoster(): the campaign roster over the engine's Roster handle.
import { docJson, fatalCheck, optionsJson, rowsJson, fixUnserializable, wellFormed } from './args.mjs';

export function makeRosters(M, heap, knownProvider) {
  function createRoster(provider, options) {
    knownProvider(provider);
    const handle = new M.Roster(provider, optionsJson(options));
    const err = handle.createError();
    if (err) {
      handle.delete();
      throw new Error(err);
    }
    let deleted = false;
    const alive = () => {
      if (deleted) throw new Error('this roster was deleted');
    };
    return {
      add(rows) {
        alive();
        if (!Array.isArray(rows)) throw new Error('rows must be an array of leads');
        const bad = new Map();
        const text = rowsJson(rows, 0, rows.length, bad);
        const out = heap.readAnswer(handle, heap.withBytes(text, (p, n) => handle.add(p, n)));
        fixUnserializable(out.rows, bad, 0);
        return out.rows;
      },
      list(query) {
        alive();
        return fatalCheck(handle.list(optionsJson(query)));
      },
      patch(id, fields) {
        alive();
        if (typeof id !== 'string') throw new Error('id must be a string');
        if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new Error('fields must be an object');
        return fatalCheck(handle.patch(wellFormed(id), docJson(fields)));
      },
      remove(arg) {
        alive();
        if (arg === null || typeof arg !== 'object') throw new Error('remove takes { ids } or { all: true }');
        return fatalCheck(handle.remove(docJson(arg)));
      },
      launch() {
        alive();
        return fatalCheck(handle.launch());
      },
      size() {
        alive();
        return handle.size();
      },
      delete() {
        if (!deleted) {
          deleted = true;
          handle.delete();
        }
      },
    };
  }
  return { createRoster };
}
