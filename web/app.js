// leadroster demo page: plain DOM, no framework, no build step.
// `leadroster` is mapped to ../npm/browser.mjs by the import map in index.html,
// so this page exercises the npm package exactly as a browser consumer would.
import { load } from 'leadroster';
import { initFilePanel } from './file.js';

// ---------------------------------------------------------------------------
// What the form shows for each provider comes from the engine: its providers()
// and describeProvider() (fields, types, formats, identity, campaign id form).
// The page names no provider; the tables below are optional overrides by field
// path or format, and a path they do not know gets a label made from its name.
// type: text | email | tel | url | integer | number | list | json
const LABELS = {
  linkedinUrl: 'LinkedIn URL',
  linkedInUrl: 'LinkedIn URL',
  linkedin_url: 'LinkedIn URL',
  companyLinkedInUrl: 'Company LinkedIn URL',
  lead_id: 'Lead ID (uuid)',
  leadId: 'Lead ID',
  custom_fields: 'Custom fields (JSON object)',
  'company.website': 'Company website',
  'company.industry': 'Company industry',
};
const PLACEHOLDERS = {
  email: 'jane.doe@acme.com',
  phone: '+33 6 12 34 56 78',
  linkedinProfile: 'https://www.linkedin.com/in/jane-doe',
  linkedinCompany: 'https://www.linkedin.com/company/acme',
  url: 'https://acme.com',
  domain: 'acme.com',
  uuid: '3f1c2b9e-6a4d-4e8f-9b1a-2c3d4e5f6a7b',
};
// Every form also has this: any other properties, merged into the lead.
const EXTRA = { path: '$extra', label: 'More fields (JSON object, merged into the lead)', type: 'json', placeholder: '{"notes": "met at SaaStr"}' };

// The description of a provider, once per provider and channel (null without an engine).
const descriptions = new Map();
function describe(provider, channel) {
  if (!engine || !provider) return null;
  const key = provider + '/' + (channel || '');
  if (!descriptions.has(key)) {
    let d = null;
    try {
      d = engine.describeProvider(provider, channel ? { channel } : {});
    } catch (_) {
      d = null; // an engine that cannot describe it: a form with the extra field only
    }
    descriptions.set(key, d);
  }
  return descriptions.get(key);
}
const optionOf = (d, name) => (d && Array.isArray(d.options) ? d.options.find((o) => o.name === name) : undefined);
const hasChannel = (provider) => optionOf(describe(provider), 'channel') !== undefined;
const providerLabel = (provider) => {
  const d = describe(provider);
  return (d && d.name) || provider;
};

// A campaign id the provider accepts, for the demo.
const DEMO_UUID = '3f1c2b9e-6a4d-4e8f-9b1a-2c3d4e5f6a7b';
function defaultCampaign(provider) {
  const c = optionOf(describe(provider), 'campaignId');
  return c && c.format === 'uuid' ? DEMO_UUID : 'cmp_demo';
}

// A small CSV sample from the description: a valid row, the same identity
// written another way (a duplicate), and one whose identity is not valid.
const SAMPLE_VALUES = {
  email: ['Ann.Lee@Example.com', 'ann.lee@example.com', 'not-an-email'],
  linkedinProfile: ['https://de.linkedin.com/in/ann-lee/?trk=public', 'https://www.linkedin.com/in/Ann-Lee', 'https://example.com/ann'],
  phone: ['+33 6 12 34 56 78', '+33612345678', '+1 5'],
  uuid: ['6f1c2d4e-0000-4000-8000-00000000000a', '6F1C2D4E-0000-4000-8000-00000000000A', 'not-a-uuid'],
  hexId24: ['665d4e5f6a7b000000000001', '665D4E5F6A7B000000000001', 'xyz'],
};
function csvCell(v) {
  return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
}
function sampleCsv(provider) {
  const d = describe(provider);
  if (!d) return '';
  const byPath = new Map(d.fields.map((f) => [f.path, f]));
  const ident = d.identity.anyOf.map((p) => byPath.get(p)).find((f) => f && SAMPLE_VALUES[f.format]);
  const cols = [];
  if (ident) cols.push({ path: ident.path, values: SAMPLE_VALUES[ident.format] });
  for (const f of d.fields) {
    if (cols.some((c) => c.path === f.path) || f.path.includes('.')) continue;
    if (f.required) {
      const v = SAMPLE_VALUES[f.format] ? SAMPLE_VALUES[f.format][0] : f.type === 'string' ? 'Ann Lee' : null;
      if (v !== null) cols.push({ path: f.path, values: [v, v, v] });
    }
  }
  const name = d.fields.find((f) => f.type === 'string' && !f.format && !f.required && /first|name/i.test(f.path));
  if (name && !cols.some((c) => c.path === name.path)) cols.push({ path: name.path, values: ['Ann', 'Ann', 'Bob'] });
  if (cols.length === 0) return '';
  const lines = [cols.map((c) => csvCell(c.path)).join(',')];
  for (let r = 0; r < 3; r++) lines.push(cols.map((c) => csvCell(c.values[r])).join(','));
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------
const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'class') n.className = v;
    else if (k === 'text') n.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'for' || k === 'title') n.setAttribute(k, v);
    else n[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) n.append(c);
  return n;
};
const domId = (path) => 'f-' + path.replace(/[^A-Za-z0-9_-]/g, '-');
const pretty = (v) => JSON.stringify(v, null, 2);

let engine = null;
const state = {
  provider: '',
  values: new Map(), // provider -> Map(path -> string)
  touched: new Map(), // provider -> Set(path)
};

function currentFields() {
  return [...formFieldsFor(state.provider, hasChannel(state.provider) ? $('channel').value : undefined), EXTRA];
}

// The form's fields: the engine's own description of the provider
// (engine.describeProvider); LABELS and PLACEHOLDERS only lend nicer words.
const FORMAT_TYPES = { email: 'email', phone: 'tel', url: 'url', linkedinProfile: 'url', linkedinCompany: 'url' };
const VALUE_TYPES = { integer: 'integer', number: 'number', boolean: 'boolean', stringArray: 'list', object: 'json', freeObject: 'json' };
const humanize = (path) => {
  const words = path
    .split('.')
    .pop()
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const formFields = new Map(); // provider + channel -> fields
function formFieldsFor(provider, channel) {
  const d = describe(provider, channel);
  if (!d) return [];
  const key = provider + '/' + (channel || '');
  if (formFields.has(key)) return formFields.get(key);
  const paths = d.fields.map((f) => f.path);
  const fields = d.fields
    // an object whose members are listed gets an input per member instead
    .filter((f) => !(VALUE_TYPES[f.type] === 'json' && paths.some((p) => p.startsWith(f.path + '.'))))
    .map((f) => ({
      path: f.path,
      label: LABELS[f.path] || humanize(f.path),
      type: FORMAT_TYPES[f.format] || VALUE_TYPES[f.type] || 'text',
      required: f.required,
      hint: f.send === false ? 'Read by leadroster, not sent.' : undefined,
      placeholder: PLACEHOLDERS[f.format],
    }));
  formFields.set(key, fields);
  return fields;
}
function valuesFor(provider) {
  if (!state.values.has(provider)) state.values.set(provider, new Map());
  return state.values.get(provider);
}
function touchedFor(provider) {
  if (!state.touched.has(provider)) state.touched.set(provider, new Set());
  return state.touched.get(provider);
}

// ---------------------------------------------------------------------------
// Options shared by both panels.

// The default country as typed: { value } when usable, { error } when not.
function countryOption() {
  const raw = $('default-country').value.trim();
  if (raw === '') return {};
  if (!/^[A-Za-z]{2}$/.test(raw)) return { error: 'Two letters, like US or FR.' };
  return { value: raw.toUpperCase() };
}

function showCountryMessage(text) {
  const msg = $('default-country-msg');
  msg.textContent = text || '';
  msg.className = text ? 'msg error' : 'msg';
  const input = $('default-country');
  if (text) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function baseOptions() {
  const o = {};
  const c = countryOption();
  if (c.value) o.defaultCountry = c.value;
  if (hasChannel(state.provider)) o.channel = $('channel').value;
  return o;
}

// ---------------------------------------------------------------------------
// Single-lead form.

function renderForm() {
  const list = $('field-list');
  list.replaceChildren();
  const values = valuesFor(state.provider);
  for (const f of currentFields()) {
    const id = domId(f.path);
    const describedBy = [`${id}-msg`];
    if (f.hint) describedBy.push(`${id}-hint`);
    const common = {
      id,
      name: f.path,
      'data-path': f.path,
      'aria-describedby': describedBy.join(' '),
      'aria-required': f.required ? 'true' : undefined,
      placeholder: f.placeholder || '',
      spellcheck: false,
      autocomplete: 'off',
    };
    const input =
      f.type === 'json'
        ? el('textarea', { ...common, rows: 2 })
        : el('input', {
            ...common,
            type: f.type === 'integer' || f.type === 'number' || f.type === 'list' ? 'text' : f.type || 'text',
            inputMode: f.type === 'integer' || f.type === 'number' ? 'decimal' : undefined,
          });
    // Let the engine, not the browser, judge emails and URLs.
    if (input.type === 'email' || input.type === 'url') input.type = 'text';
    if (f.type === 'email') input.inputMode = 'email';
    if (f.type === 'url') input.inputMode = 'url';
    if (f.type === 'tel') input.type = 'tel';
    input.value = values.get(f.path) || '';
    // The asterisk stays outside the label: the label text is the field's name.
    const label = el(
      'span',
      { class: 'label' },
      el('label', { for: id }, f.label),
      f.required ? el('span', { class: 'req', title: 'required', 'aria-hidden': 'true', text: ' *' }) : null,
    );
    const pathTag = f.path === '$extra' ? null : el('code', { class: 'path', text: f.path });
    list.append(
      el(
        'div',
        { class: 'field' + (f.type === 'json' ? ' wide' : ''), 'data-field-box': f.path },
        el('div', { class: 'label-row' }, label, pathTag),
        input,
        f.hint ? el('p', { class: 'hint', id: `${id}-hint`, text: f.hint }) : null,
        el('div', { class: 'msgs', id: `${id}-msg`, 'data-msgs-for': f.path, 'aria-live': 'polite' }),
      ),
    );
  }
}

function setPath(obj, path, value) {
  const parts = path.split('.');
  let o = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i];
    if (o[k] === null || typeof o[k] !== 'object' || Array.isArray(o[k])) o[k] = {};
    o = o[k];
  }
  o[parts[parts.length - 1]] = value;
}

// Turns a typed string into the JSON value for its field type.
// Returns { value } or { error } (only the form reports local errors: JSON syntax).
function convert(type, raw, strictJson) {
  switch (type) {
    case 'integer':
    case 'number': {
      const t = raw.trim();
      if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { value: Number(t) };
      return { value: raw }; // the engine says why a string is wrong here
    }
    case 'boolean': {
      const t = raw.trim().toLowerCase();
      if (t === 'true' || t === 'yes' || t === '1') return { value: true };
      if (t === 'false' || t === 'no' || t === '0') return { value: false };
      return { value: raw };
    }
    case 'list':
      return {
        value: raw
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      };
    case 'json':
      try {
        return { value: JSON.parse(raw) };
      } catch (e) {
        return strictJson ? { error: 'not valid JSON: ' + e.message } : { value: raw };
      }
    default:
      return { value: raw };
  }
}

function buildLead() {
  const lead = {};
  const local = []; // problems found before the engine (JSON syntax)
  const values = valuesFor(state.provider);
  let extra = null;
  for (const f of currentFields()) {
    const raw = values.get(f.path) || '';
    if (raw === '') continue;
    const r = convert(f.type, raw, true);
    if (r.error) {
      local.push({ field: f.path, code: 'invalid_json', message: r.error });
      continue;
    }
    if (f.path === '$extra') {
      if (r.value === null || typeof r.value !== 'object' || Array.isArray(r.value)) {
        local.push({ field: f.path, code: 'invalid_json', message: 'must be a JSON object like {"key": "value"}' });
      } else extra = r.value;
      continue;
    }
    setPath(lead, f.path, r.value);
  }
  return { lead: extra ? mergeInto(extra, lead) : lead, local };
}

// Deep merge of plain objects; `b` (the form's own inputs) wins.
function mergeInto(a, b) {
  for (const [k, v] of Object.entries(b)) {
    const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
    a[k] = isObj(v) && isObj(a[k]) ? mergeInto(a[k], v) : v;
  }
  return a;
}

function problemItem(p, kind, showField) {
  return el(
    'p',
    { class: `msg ${kind}`, 'data-code': p.code, 'data-field': p.field ?? '' },
    el('span', { class: 'code', text: p.code }),
    ' ',
    showField && p.field ? el('code', { class: 'path', text: p.field }) : null,
    showField && p.field ? ' ' : null,
    p.message,
  );
}

// Finds the form field showing a problem on `path`: the field itself, else its
// nearest parent that has an input (company.signals.x -> company), else none.
function holderFor(path) {
  if (!path) return null;
  const paths = new Set(currentFields().map((f) => f.path));
  let p = path.replace(/\[\d+\]$/, '');
  while (p) {
    if (paths.has(p)) return p;
    const i = p.lastIndexOf('.');
    p = i < 0 ? '' : p.slice(0, i);
  }
  return null;
}

let validateTimer = 0;
function scheduleValidate() {
  clearTimeout(validateTimer);
  validateTimer = setTimeout(validateNow, 50);
}

function validateNow() {
  clearTimeout(validateTimer);
  if (!engine) return;
  const { lead, local } = buildLead();
  let result;
  const lp = $('lead-problems');
  lp.replaceChildren();
  const options = baseOptions();
  let optionsError = countryOption().error;
  try {
    result = engine.validateLead(state.provider, lead, options);
  } catch (e) {
    // A bad option (e.g. an unknown default country): say so, validate without it.
    if (!e.option || !(e.option in options)) throw e;
    delete options[e.option];
    result = engine.validateLead(state.provider, lead, options);
    optionsError = e.message;
  }
  showCountryMessage(optionsError);
  const touched = touchedFor(state.provider);
  const byField = new Map();
  const leadLevel = [];
  const add = (p, kind) => {
    const h = holderFor(p.field);
    if (h) {
      if (!byField.has(h)) byField.set(h, []);
      byField.get(h).push([p, kind, h !== p.field]);
    } else leadLevel.push([p, kind]);
  };
  for (const p of local) add(p, 'error');
  for (const p of result.errors) {
    // A required field nobody has typed into yet is a hint, not an error.
    const pending = p.code === 'missing_field' && !touched.has(p.field);
    add(p, pending ? 'pending' : 'error');
  }
  for (const p of result.warnings) add(p, 'warning');

  for (const box of document.querySelectorAll('[data-msgs-for]')) {
    const path = box.dataset.msgsFor;
    const items = byField.get(path) || [];
    box.replaceChildren(...items.map(([p, kind, showField]) => problemItem(p, kind, showField)));
    const input = $(domId(path));
    // a value left out of the lead (an invalid optional email...) marks its field invalid too
    const bad = items.some(([p, kind]) => kind === 'error' || p.dropped === true);
    if (bad) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
  if (leadLevel.length) {
    lp.append(el('h3', { class: 'visually-hidden', text: 'Problems with the whole lead' }), ...leadLevel.map(([p, kind]) => problemItem(p, kind, true)));
  }

  $('lead-json').textContent = pretty(result.lead);
  const nErr = result.errors.length + local.length;
  const badge = $('lead-state');
  badge.className = 'badge ' + (nErr ? 'invalid' : 'ok');
  badge.textContent = nErr
    ? `${nErr} error${nErr === 1 ? '' : 's'}`
    : result.warnings.length
      ? `valid, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}`
      : 'valid';
  badge.dataset.ok = String(nErr === 0);
}

function onFieldInput(ev) {
  const t = ev.target;
  const path = t.dataset && t.dataset.path;
  if (!path) return;
  valuesFor(state.provider).set(path, t.value);
  touchedFor(state.provider).add(path);
  scheduleValidate();
}

// ---------------------------------------------------------------------------
// Batch panel.

function runPlan() {
  if (!engine) return;
  const text = $('batch-input').value;
  const errBox = $('batch-error');
  errBox.hidden = true;
  errBox.textContent = '';
  const provider = state.provider;
  const options = baseOptions();
  const campaignId = $('campaign-id').value.trim();
  if (campaignId) options.campaignId = campaignId;
  const chosen = $('batch-format').value;
  let format;
  let out;
  try {
    if (text.trim() === '') throw new Error('Paste some rows first.');
    const country = countryOption();
    if (country.error) throw new Error('Default country: ' + country.error);
    // The engine reads the text (CSV, JSON array or NDJSON: detected unless chosen), maps a
    // CSV header to the provider's fields and types its cells; one JSON object is one row.
    let input = text;
    if (
      chosen === 'json' &&
      text
        .replace(/^\uFEFF/, '')
        .trimStart()
        .startsWith('{')
    )
      input = '[' + text.replace(/^\uFEFF/, '') + ']';
    out = engine.planInput(provider, input, { ...options, format: chosen === 'auto' ? undefined : chosen });
    format = out.input.format || 'csv';
  } catch (e) {
    errBox.textContent = e.message;
    errBox.hidden = false;
    $('batch-output').hidden = true;
    return;
  }
  renderPlan(out, format);
}

function renderPlan(out, format) {
  const summary = $('summary');
  summary.replaceChildren();
  for (const k of ['total', 'ok', 'invalid', 'duplicate', 'requests']) {
    summary.append(el('div', { class: `stat stat-${k}`, 'data-key': k }, el('dt', { text: k }), el('dd', { text: String(out.summary[k]) })));
  }

  const tbody = $('rows-table').querySelector('tbody');
  tbody.replaceChildren();
  for (const r of out.rows) {
    const problems = el('ul', { class: 'problems' });
    for (const p of r.errors) problems.append(problemLi(p, 'error'));
    for (const p of r.warnings) problems.append(problemLi(p, 'warning'));
    const dup =
      r.duplicateOf === null || r.duplicateOf === undefined
        ? el('span', { class: 'none', text: '—' })
        : el(
            'span',
            {},
            r.duplicateOf === 'existing' ? 'an existing lead' : `line ${r.duplicateOfLine ?? r.duplicateOf}`,
            r.matchedOn ? el('span', { class: 'matched', text: ` on ${r.matchedOn}` }) : null,
          );
    tbody.append(
      el(
        'tr',
        { 'data-index': String(r.index), 'data-status': r.status },
        el('td', { class: 'num', title: `row index ${r.index}`, text: String(r.line ?? r.index) }),
        el('td', {}, el('span', { class: `badge ${r.status}`, text: r.status })),
        el('td', {}, r.errors.length + r.warnings.length ? problems : el('span', { class: 'none', text: '—' })),
        el('td', { class: 'dup' }, dup),
        el('td', {}, el('code', { class: 'lead', text: JSON.stringify(r.lead) })),
      ),
    );
  }

  const reqs = $('requests');
  reqs.replaceChildren();
  $('request-count').textContent = String(out.requests.length);
  for (const q of out.requests) {
    const n = q.indexes.length;
    reqs.append(
      el(
        'li',
        { 'data-leads': String(n) },
        el(
          'div',
          { class: 'req-line' },
          el('span', { class: 'method', text: q.method }),
          ' ',
          el('code', { class: 'req-path', text: q.path }),
          ' ',
          el('span', { class: 'req-count', text: `${n} lead${n === 1 ? '' : 's'}` }),
          el('span', { class: 'req-rows', text: ` (rows ${q.indexes.join(', ')})` }),
        ),
        el('details', {}, el('summary', { text: 'headers and body' }), el('pre', { class: 'json', text: pretty({ headers: q.headers, body: q.body }) })),
      ),
    );
  }
  $('batch-output').hidden = false;
}

function problemLi(p, kind) {
  return el(
    'li',
    { class: kind, 'data-code': p.code, 'data-field': p.field ?? '' },
    el('code', { class: 'path', text: p.field ?? '(lead)' }),
    ' ',
    el('span', { class: 'code', text: p.code }),
    ' ',
    el('span', { class: 'text', text: p.message }),
  );
}

// ---------------------------------------------------------------------------
// Wiring.

function onProviderChange() {
  const prev = state.provider;
  state.provider = $('provider').value;
  $('channel-field').hidden = !hasChannel(state.provider);
  $('channel').disabled = !hasChannel(state.provider);
  const cid = $('campaign-id');
  if (cid.value.trim() === '' || (prev && cid.value === defaultCampaign(prev))) cid.value = defaultCampaign(state.provider);
  renderForm();
  validateNow();
  $('batch-output').hidden = true;
  $('batch-error').hidden = true;
}

async function main() {
  $('provider').addEventListener('change', onProviderChange);
  $('channel').addEventListener('change', () => {
    renderForm(); // a described provider's fields can depend on the channel
    validateNow();
  });
  $('default-country').addEventListener('input', scheduleValidate);
  $('field-list').addEventListener('input', onFieldInput);
  $('lead-form').addEventListener('submit', (e) => e.preventDefault());
  $('batch-form').addEventListener('submit', (e) => {
    e.preventDefault();
    runPlan();
  });
  $('batch-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      runPlan();
    }
  });
  $('load-sample').addEventListener('click', () => {
    $('batch-input').value = sampleCsv(state.provider);
    $('batch-format').value = 'auto';
    runPlan();
  });

  $('channel-field').hidden = true;
  $('channel').disabled = true;
  renderForm();

  try {
    engine = await load();
  } catch (e) {
    $('engine-status').textContent = 'failed to load: ' + e.message;
    document.body.dataset.engine = 'failed';
    throw e;
  }
  $('engine-status').textContent = 'ready';
  $('engine-version').textContent = engine.version;
  for (const id of ['settings', 'lead-fields', 'batch-fields']) $(id).disabled = false;
  // The provider list is the engine's registry; a browser may restore the
  // choice on reload, so keep what was shown when the engine still has it.
  const select = $('provider');
  const shown = select.value;
  select.replaceChildren(...engine.providers().map((p) => el('option', { value: p, text: providerLabel(p) })));
  if (engine.providers().includes(shown)) select.value = shown;
  state.provider = '';
  onProviderChange();
  document.body.dataset.engine = 'ready';
  initFilePanel({
    settings: () => ({ provider: state.provider, options: { ...baseOptions(), campaignId: $('campaign-id').value.trim() } }),
  });
}

main();
