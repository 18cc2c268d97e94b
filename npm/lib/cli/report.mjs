// `leadroster report <journal> [--csv FILE] [--input FILE] [--json]`
import { writeReport } from '../report.mjs';
import { UsageError } from './errors.mjs';
import { parseFlags } from './args.mjs';

export const HELP = `leadroster report <journal> [--csv FILE] [--input FILE] [--json]
Reads a push journal and prints the counts per outcome (added, duplicate in
file, already in campaign, resent, invalid, rejected, unknown, not delivered)
and how many values were left out of rows that were still sent.
--csv FILE writes one line per input row: the input's columns as written, then
leadroster_line (1-based, the spreadsheet row for CSV), leadroster_row
(0-based index), leadroster_result, leadroster_code, leadroster_message,
leadroster_dropped (field:code ..., values left out of the lead),
leadroster_dropped_messages (field: code — message, joined by " | ") and
leadroster_lead_id (the provider's id, when its answer gives one); the input's
delimiter (, for JSON), UTF-8 with a BOM, and a ' before a cell starting with
=, +, -, @, tab or CR that is not a plain number (leadroster reads it back
without). A torn last journal line is ignored and said so. --input names the
input file when it has moved since the push (default: the path in the journal).`;

export async function run(argv) {
  const { flags, positional } = parseFlags('report', argv, { csv: 'string', input: 'string', json: 'bool', help: 'bool' });
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (positional.length !== 1) throw new UsageError('report takes one journal file');
  let r;
  try {
    r = await writeReport(positional[0], { csv: flags.csv, input: flags.input });
  } catch (e) {
    throw new UsageError(`${positional[0]}: ${e.code === 'ENOENT' ? 'no such file: ' + e.path : e.message}`);
  }
  if (r.recovered) {
    const x = r.recovered;
    process.stderr.write(
      `report: ${positional[0]}: ${x.tornLine ? `its last line (${x.tornLine}) is incomplete (a write cut short) and was ignored` : ''}` +
        `${x.tornLine && x.damagedLines.length ? '; ' : ''}${x.damagedLines.length ? `damaged lines skipped: ${x.damagedLines.join(', ')}` : ''}\n`,
    );
  }
  if (flags.json) process.stdout.write(JSON.stringify(r.counts) + '\n');
  else {
    const c = r.counts;
    process.stdout.write(
      `${c.total} rows: ${c.added} added, ${c.duplicateInFile} duplicate (in file), ${c.alreadyInCampaign} already in campaign, ${c.resent} resent, ` +
        `${c.invalid} invalid, ${c.rejected} rejected, ${c.unknown} unknown, ${c.notDelivered} not delivered; ${c.droppedValues} values left out\n` +
        (r.csv ? `per-row outcomes written to ${r.csv}\n` : ''),
    );
  }
  return 0;
}
