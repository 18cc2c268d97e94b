// The demo page's file panel: drop or pick a CSV / JSON / NDJSON file, edit
// the column -> field mapping, plan it in a Web Worker (plan-worker.js) with a
// progress bar, and browse the result in a virtualized grid (only the visible
// rows are in the DOM) with filters, a summary bar, duplicate links and
// downloads. The main thread only draws: the rows stay in the worker.

const ROW_H = 30; // px, fixed so the grid can place rows by index
// problems: ok rows sent without some value (an invalid optional email, an unknown country...)
const FILTERS = ['all', 'invalid', 'duplicate', 'ok', 'problems'];
const OVERSCAN = 8;

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') n.className = v;
    else if (k === 'text') n.textContent = v;
    else n.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) n.append(c);
  return n;
};

// 100000 -> "100,000" (toLocaleString's first call loads locale data: a
// 100+ ms main-thread task on a slow machine, measured by the browser test).
const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function initFilePanel({ settings }) {
  const worker = new Worker(new URL('./plan-worker.js', import.meta.url), { type: 'module' });
  let nextId = 1;
  const waiting = new Map(); // id -> resolve
  const ask = (msg, transfer) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...msg, id }, transfer || []);
    });

  const state = {
    file: null,
    info: null, // { format, columns, suggestion, fields }
    planned: null, // { summary, counts, ms }
    filter: 'all',
    total: 0,
    windowId: 0,
    focusIndex: null,
    columns: [],
    targets: [],
  };

  let planDone = null;
  worker.onmessage = (ev) => {
    const m = ev.data;
    if (m.type === 'ready') {
      $('file-fields').disabled = false;
      document.body.dataset.worker = 'ready';
      return;
    }
    if (m.type === 'progress') return showProgress(m);
    if (m.type === 'planned') return planDone && planDone.resolve(m);
    if (m.type === 'error' && m.request === 'plan') return planDone && planDone.reject(new Error(m.message));
    if (m.type === 'error' && m.request === 'load') return showError('The engine did not load in the worker: ' + m.message);
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.type === 'error') w.reject(new Error(m.message));
    else w.resolve(m);
  };

  function showError(text) {
    const a = $('file-error');
    a.textContent = text;
    a.hidden = !text;
  }

  // ------------------------------------------------------------ choosing a file

  const drop = $('file-drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer.files[0];
    if (f) chooseFile(f);
  });
  $('file-input').addEventListener('change', (e) => {
    const f = e.target.files[0];
    if (f) chooseFile(f);
  });
  $('file-plan').addEventListener('click', () => runPlan());

  async function chooseFile(file) {
    showError('');
    state.file = file;
    $('file-name').textContent = `${file.name} (${(file.size / 1024).toFixed(0)} KiB)`;
    const s = settings();
    try {
      state.info = await ask({ type: 'inspect', file, provider: s.provider, options: s.options });
    } catch (e) {
      return showError('Cannot read the file: ' + e.message);
    }
    renderMapping();
    $('file-plan').disabled = false;
    $('file-mapping-box').hidden = false;
  }

  function renderMapping() {
    const { columns, suggestion, fields, format } = state.info;
    $('file-format').textContent = { csv: 'CSV', json: 'JSON array', ndjson: 'NDJSON' }[format];
    const body = $('mapping-table').tBodies[0];
    body.replaceChildren();
    columns.forEach((col, i) => {
      const id = `map-${i}`;
      const sel = el('select', { id, 'data-column': i, 'aria-describedby': 'mapping-hint' });
      sel.append(el('option', { value: '-', text: '(leave out)' }));
      const suggested = suggestion.fields[i];
      const opts = fields.map((f) => f.path);
      if (suggested && !opts.includes(suggested)) opts.unshift(suggested); // e.g. a custom field
      for (const p of opts) sel.append(el('option', { value: p, text: p }));
      sel.value = suggested || '-';
      body.append(
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, el('label', { for: id, text: col || `(column ${i + 1})` })),
          el('td', {}, sel),
          el('td', { class: 'how', text: suggestion.how[i] || '' }),
        ),
      );
    });
    $('mapping-warnings').replaceChildren(...suggestion.warnings.map((w) => el('li', { text: w })));
  }

  // ------------------------------------------------------------ planning

  function showProgress(m) {
    const p = $('file-progress');
    p.max = m.total || 1;
    p.value = m.bytes;
    $('file-progress-text').textContent = `${thousands(m.rows)} rows read (${Math.round((100 * m.bytes) / (m.total || 1))}%)`;
  }

  async function runPlan() {
    if (!state.file || !state.info) return;
    showError('');
    const s = settings();
    const mapping = state.info.columns.map((_, i) => $(`map-${i}`).value);
    // What the user changed goes to engine.mapHeaders as its `map`; the rest keeps the engine's choice.
    const userMap = {};
    state.info.columns.forEach((col, i) => {
      if (mapping[i] !== (state.info.suggestion.fields[i] || '-')) userMap[col] = mapping[i];
    });
    $('file-plan').disabled = true;
    $('file-progress-box').hidden = false;
    $('file-output').hidden = true;
    document.body.dataset.filePlan = 'running';
    const t0 = performance.now();
    try {
      const done = new Promise((resolve, reject) => (planDone = { resolve, reject }));
      worker.postMessage({
        type: 'plan',
        file: state.file,
        format: state.info.format,
        provider: s.provider,
        options: s.options,
        columns: state.info.columns,
        mapping,
        userMap,
      });
      state.planned = await done;
    } catch (e) {
      showError('Planning failed: ' + e.message);
      document.body.dataset.filePlan = 'failed';
      $('file-plan').disabled = false;
      return;
    } finally {
      planDone = null;
    }
    state.planned.wallMs = Math.round(performance.now() - t0);
    document.body.dataset.planWorkerMs = String(state.planned.ms); // the worker's own planning time
    state.columns = state.info.columns;
    state.targets = mapping;
    $('file-plan').disabled = false;
    renderSummary();
    setFilter('all');
    $('file-output').hidden = false;
    document.body.dataset.filePlan = 'done';
  }

  function renderSummary() {
    const { summary, counts, wallMs } = state.planned;
    const items = [
      ['total', 'Rows', summary.total],
      ['ok', 'OK', summary.ok],
      ['invalid', 'Invalid', summary.invalid],
      ['duplicate', 'Duplicates', summary.duplicate],
      ['requests', 'Requests', summary.requests],
      ['minDurationSeconds', 'Min. seconds (rate limit)', summary.minDurationSeconds],
    ];
    $('file-summary').replaceChildren(
      ...items.map(([k, label, n]) => el('div', { 'data-key': k }, el('dt', { text: label }), el('dd', { text: String(n) }))),
      el('div', { 'data-key': 'ms' }, el('dt', { text: 'Time' }), el('dd', { text: `${(wallMs / 1000).toFixed(2)} s` })),
    );
    for (const f of FILTERS) $(`filter-${f}-count`).textContent = String(counts[f]);
  }

  // ------------------------------------------------------------ the grid

  const scroller = $('grid-scroll');
  const spacer = $('grid-spacer');
  const rowsBox = $('grid-rows');

  for (const f of FILTERS) {
    $(`filter-${f}`).addEventListener('change', (e) => e.target.checked && setFilter(f));
  }

  function setFilter(f, thenIndex = null) {
    state.filter = f;
    $(`filter-${f}`).checked = true;
    const n = f === 'all' ? state.planned.counts.all : state.planned.counts[f];
    state.total = n;
    spacer.style.height = `${n * ROW_H}px`;
    $('grid').setAttribute('aria-rowcount', String(n + 1));
    renderHeader();
    if (thenIndex === null) {
      scroller.scrollTop = 0;
      refresh();
    }
  }

  function renderHeader() {
    const head = $('grid-head');
    head.replaceChildren(
      el('div', { role: 'columnheader', class: 'c-idx', text: '#' }),
      el('div', { role: 'columnheader', class: 'c-status', text: 'Status' }),
      ...state.columns.map((c, i) =>
        el(
          'div',
          { role: 'columnheader', class: 'c-cell', title: state.targets[i] !== '-' ? `${c} → ${state.targets[i]}` : `${c} (left out)` },
          c || `(${i + 1})`,
        ),
      ),
      el('div', { role: 'columnheader', class: 'c-dup', text: 'Duplicate of' }),
    );
  }

  let scheduled = false;
  scroller.addEventListener('scroll', () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      refresh();
    });
  });

  async function refresh() {
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_H) - OVERSCAN);
    const count = Math.ceil(scroller.clientHeight / ROW_H) + 2 * OVERSCAN;
    const id = ++state.windowId;
    const filter = state.filter;
    const w = await ask({ type: 'window', filter, start: first, count });
    if (id !== state.windowId) return; // a newer scroll position won
    renderRows(w, filter);
  }

  // Which column holds a field path (an error on company.employeeCount marks that column).
  function columnOf(field) {
    if (!field) return -1;
    for (let i = 0; i < state.targets.length; i++) {
      const t = state.targets[i];
      if (t === field || field.startsWith(t + '.') || t.startsWith(field + '.')) return i;
    }
    return state.columns.indexOf(field);
  }

  function renderRows(w, filter) {
    const frag = document.createDocumentFragment();
    w.rows.forEach((r, k) => {
      const pos = w.start + k;
      const bad = new Map(); // column -> messages
      const rowMsgs = [];
      // errors, and the values left out of a lead that is still sent: both make the cell red
      const why = new Map(); // column -> the short reasons shown in the cell
      const add = (e, short) => {
        const c = columnOf(e.field);
        if (c < 0) return rowMsgs.push(`${e.code}: ${e.message}`);
        bad.set(c, [...(bad.get(c) || []), `${e.code}: ${e.message}`]);
        why.set(c, [...(why.get(c) || []), short]);
      };
      for (const e of r.errors) add(e, e.code);
      for (const e of r.dropped || []) add(e, `left out: ${e.code}`);
      const row = el('div', {
        role: 'row',
        class: `grid-row s-${r.status}`,
        'aria-rowindex': String(pos + 2),
        'data-index': String(r.index),
        'data-status': r.status,
        id: `row-${r.index}`,
        style: `top:${pos * ROW_H}px`,
      });
      // '#': the row's line in the file (a spreadsheet's row number: the CSV header is line 1)
      row.append(el('div', { role: 'rowheader', class: 'c-idx', text: String(r.line ?? r.index + 1) }));
      const st = el('div', { role: 'gridcell', class: 'c-status' }, el('span', { class: `badge ${r.status}`, text: r.status }));
      const nDropped = (r.dropped || []).length;
      if (nDropped) {
        row.dataset.problems = String(nDropped);
        st.append(el('span', { class: 'why', text: `${nDropped} left out` }));
      }
      if (rowMsgs.length) {
        const mid = `rowmsg-${r.index}`;
        st.append(el('span', { class: 'tip', id: mid, role: 'tooltip', text: rowMsgs.join('\n') }));
        st.id = `status-${r.index}`;
        st.setAttribute('tabindex', '0');
        st.setAttribute('aria-describedby', mid);
        st.classList.add('bad');
        st.title = rowMsgs.join('\n');
      }
      row.append(st);
      r.cells.forEach((v, c) => {
        if (c >= state.columns.length) return;
        const cell = el('div', { role: 'gridcell', class: 'c-cell', 'data-col': String(c) }, el('span', { class: 'v', text: v }));
        const msgs = bad.get(c);
        if (msgs) {
          const mid = `cellmsg-${r.index}-${c}`;
          cell.id = `cell-${r.index}-${c}`;
          cell.classList.add('bad');
          cell.setAttribute('aria-invalid', 'true');
          cell.setAttribute('tabindex', '0');
          cell.setAttribute('aria-describedby', mid);
          cell.title = msgs.join('\n');
          // the reason, readable without hovering: the code under the value (the full message on hover / focus)
          cell.append(el('span', { class: 'why', text: why.get(c).join(', ') }));
          cell.append(el('span', { class: 'tip', id: mid, role: 'tooltip', text: msgs.join('\n') }));
        }
        row.append(cell);
      });
      const dup = el('div', { role: 'gridcell', class: 'c-dup' });
      if (r.duplicateOf === 'existing') dup.textContent = `existing (${r.matchedOn})`;
      else if (r.duplicateOf !== null) {
        const a = el('a', {
          href: `#row-${r.duplicateOf}`,
          class: 'dup-link',
          'data-goto': String(r.duplicateOf),
          text: `line ${r.duplicateOfLine ?? r.duplicateOf + 1}`,
        });
        dup.append(a, `\u00a0on ${r.matchedOn}`);
      }
      row.append(dup);
      frag.append(row);
    });
    // Redrawing must not lose the keyboard focus: put it back on the same row or cell.
    const active = rowsBox.contains(document.activeElement) ? document.activeElement.id : null;
    rowsBox.replaceChildren(frag);
    if (state.focusIndex !== null) {
      const target = document.getElementById(`row-${state.focusIndex}`);
      if (target) {
        state.flashIndex = state.focusIndex;
        state.focusIndex = null;
        target.classList.add('flash');
        target.setAttribute('tabindex', '-1');
        target.focus({ preventScroll: true });
      }
    } else if (active) {
      const again = document.getElementById(active);
      if (again) {
        if (again.classList.contains('grid-row')) again.setAttribute('tabindex', '-1');
        again.focus({ preventScroll: true });
      }
    }
    const flash = state.flashIndex != null && document.getElementById(`row-${state.flashIndex}`);
    if (flash) flash.classList.add('flash');
  }

  rowsBox.addEventListener('click', async (e) => {
    const a = e.target.closest('a.dup-link');
    if (!a) return;
    e.preventDefault();
    const index = Number(a.dataset.goto);
    let filter = state.filter;
    let { position } = await ask({ type: 'position', filter, index });
    if (position < 0) {
      filter = 'all';
      setFilter('all', index);
      ({ position } = await ask({ type: 'position', filter, index }));
    }
    state.focusIndex = index;
    scroller.scrollTop = Math.max(0, position * ROW_H - ROW_H * 2);
    refresh();
  });

  // ------------------------------------------------------------ downloads

  for (const kind of ['requests', 'leads', 'rejected']) {
    $(`download-${kind}`).addEventListener('click', async () => {
      const m = await ask({ type: 'download', kind });
      const url = URL.createObjectURL(m.blob);
      const a = el('a', { href: url, download: m.name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    });
  }
}
