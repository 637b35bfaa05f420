// What the collector skipped, cut or had to guess in a play's stream, said in one line: the CLI's
// report and the trace panel's header both show it, so a broken stream reads the same everywhere.

import { MAX_JSON_DEPTH } from './jsonData';
import { skippedLines, streamStat, type Play } from './play';

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The stream's problems as one line, or null when it had none. */
export function streamProblems(play: Play): string | null {
  const s = play.stats;
  const parts = [
    s.invalid_json ? `${s.invalid_json} not JSON` : '',
    s.missing_fields ? `${s.missing_fields} missing required fields` : '',
    s.oversized_lines ? `${s.oversized_lines} over-long` : '',
  ].filter(Boolean);
  const notes = [
    skippedLines(s) ? `skipped ${skippedLines(s)} bad line${skippedLines(s) === 1 ? '' : 's'} (${parts.join(', ')})` : '',
    s.unknown_types ? `${s.unknown_types} event${s.unknown_types === 1 ? '' : 's'} of unknown type ignored` : '',
    s.unknown_statuses ? `${s.unknown_statuses} unknown status${s.unknown_statuses === 1 ? '' : 'es'} treated as failed` : '',
    s.spans_without_start ? `${s.spans_without_start} span${s.spans_without_start === 1 ? '' : 's'} never started` : '',
    streamStat(s, 'failed_events') ? `${plural(streamStat(s, 'failed_events'), 'event')} could not be applied and were skipped` : '',
    streamStat(s, 'cut_values') ? `${plural(streamStat(s, 'cut_values'), 'value')} nested deeper than ${MAX_JSON_DEPTH} levels cut (the raw trace keeps them)` : '',
    streamStat(s, 'bad_times') ? `${plural(streamStat(s, 'bad_times'), 'span')} with unusable times (shown as duration unknown)` : '',
  ].filter(Boolean);
  return notes.length ? notes.join('; ') : null;
}
