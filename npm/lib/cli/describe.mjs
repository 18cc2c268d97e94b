// `leadroster describe <provider>`: what the engine knows about a provider.
import { UsageError } from './errors.mjs';
import { parseFlags } from './args.mjs';
import { loadEngine, describeProviderOrUsage } from './common.mjs';

export const HELP = `leadroster describe <provider> [--channel email|linkedin] [--json]
Prints what the engine knows about a provider: endpoint, batch limits, rate
limits, identity, options and every field (type, format, required, max length,
sent or read-only, description). --json prints engine.describeProvider().`;

export async function run(argv) {
  const { flags, positional } = parseFlags('describe', argv, { channel: 'string', json: 'bool', help: 'bool' });
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const engine = await loadEngine();
  if (positional.length !== 1) throw new UsageError(`describe takes one provider (one of ${engine.providers().join(', ')})`);
  const lookup = flags.channel !== undefined ? { channel: flags.channel } : {};
  const d = describeProviderOrUsage(engine, positional[0], lookup);
  if (flags.json) {
    process.stdout.write(JSON.stringify(d, null, 2) + '\n');
    return 0;
  }
  const o = [];
  o.push(`${d.id}: ${d.method} ${d.path}  (body: ${d.body})`);
  o.push(`headers: ${d.headers.map((h) => `${h.name}: ${h.placeholder}`).join(', ')}`);
  o.push(`batch: ${d.batch.min}..${d.batch.max} leads per call (default ${d.batch.default})`);
  o.push(
    `rate limits: ${d.rateLimits.length ? d.rateLimits.map((r) => `${r.requests} ${r.scope} requests per ${r.windowSeconds}s (burst ${r.burst})${r.per ? ` per ${r.per}` : ''}`).join(', ') : 'none documented'}`,
  );
  const keys = d.identity.dedupKeys.map((k) => k.field).join(', ');
  o.push(`identity: ${d.identity.anyOf.length ? 'one of ' + d.identity.anyOf.join(', ') : 'required fields'}; dedup on ${keys}`);
  o.push(`template variables: ${d.template.open}field${d.template.close}`);
  o.push(
    `custom fields: ${d.customFields ? (d.customFieldsIn ? `yes, under ${d.customFieldsIn}` : 'yes, flat on the lead') : 'no (unknown columns are not sent)'}`,
  );
  o.push('options:');
  for (const op of d.options) {
    const range = [
      op.values ? op.values.join(' | ') : '',
      op.min !== undefined ? `min ${op.min}` : '',
      op.max !== undefined ? `max ${op.max}` : '',
      op.format ? op.format : '',
    ]
      .filter(Boolean)
      .join(', ');
    o.push(`  ${op.name.padEnd(15)} ${op.type.padEnd(8)} ${op.required ? 'required' : 'optional'}${range ? '  ' + range : ''}`);
  }
  o.push('fields:');
  const w = Math.max(...d.fields.map((f) => f.path.length));
  o.push(`  ${'field'.padEnd(w)}  ${'type'.padEnd(11)}  ${'format'.padEnd(15)}  req  ${'max'.padStart(5)}  sent  description`);
  for (const f of d.fields) {
    o.push(
      `  ${f.path.padEnd(w)}  ${f.type.padEnd(11)}  ${(f.format || '').padEnd(15)}  ${f.required ? 'yes' : '   '}  ${String(f.maxLength ?? '').padStart(5)}  ${f.send ? 'yes ' : 'no  '}  ${f.description}`,
    );
  }
  process.stdout.write(o.join('\n') + '\n');
  return 0;
}
