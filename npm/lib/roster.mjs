// createRoster(): the campaign roster over the engine's Roster handle.
import { argumentError, throwCreateError, typeError } from './errors.mjs';
import { docJson, fatalCheck, optionsJson, rowsJson, fixUnserializable, wellFormed } from './args.mjs';

export function makeRosters(M, heap, knownProvider) {
  function createRoster(provider, options) {
    knownProvider(provider);
    const handle = new M.Roster(provider, optionsJson(options));
    throwCreateError(handle);
    let deleted = false;
    const alive = () => {
      if (deleted) throw argumentError('invalid_state', 'this roster was deleted');
    };
    return {
      add(rows) {
        alive();
        if (!Array.isArray(rows)) throw typeError('rows must be an array of leads');
        const bad = new Map();
        const text = rowsJson(rows, 0, rows.length, bad);
        const out = heap.readAnswer(
          handle,
          heap.withBytes(text, (p, n) => handle.add(p, n)),
        );
        fixUnserializable(out.rows, bad, 0);
        return out.rows;
      },
      list(query) {
        alive();
        return fatalCheck(handle.list(optionsJson(query)));
      },
      patch(id, fields) {
        alive();
        if (typeof id !== 'string') throw typeError('id must be a string');
        if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw typeError('fields must be an object');
        return fatalCheck(handle.patch(wellFormed(id), docJson(fields)));
      },
      remove(arg) {
        alive();
        if (arg === null || typeof arg !== 'object') throw typeError('remove takes { ids } or { all: true }');
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
