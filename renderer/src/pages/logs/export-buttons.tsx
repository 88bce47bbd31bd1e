/**
 * Export of the loaded rows (the filtered slice the user has scrolled through) as CSV or
 * JSON Lines, saved by the browser (or Electron's save dialog) from an in-memory file.
 */
import { Download } from 'lucide-solid';
import { Button } from '../../components/ui/button.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { exportFileName, toCsv, toJsonLines } from '../../lib/logs-export.js';
import type { LogEntry } from '../../lib/logs-types.js';

function save(text: string, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The download has its own copy once started; the URL only has to outlive the click.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportButtons(props: { rows: readonly LogEntry[] }) {
  const { t } = useI18n();
  const count = () => String(props.rows.length);
  return (
    <div role="group" aria-label={t('logs.exportLabel')} class="flex items-center gap-2">
      <Button
        data-testid="export-csv"
        aria-label={t('logs.exportCsvLabel', { count: count() })}
        disabled={props.rows.length === 0}
        // A byte-order mark, so spreadsheet apps read the UTF-8 (model names, Chinese text) right.
        onClick={() => save('\uFEFF' + toCsv(props.rows), 'text/csv;charset=utf-8', exportFileName(new Date(), 'csv'))}
      >
        <Download size={14} />
        {t('logs.exportCsv')}
      </Button>
      <Button
        data-testid="export-jsonl"
        aria-label={t('logs.exportJsonlLabel', { count: count() })}
        disabled={props.rows.length === 0}
        onClick={() => save(toJsonLines(props.rows), 'application/x-ndjson', exportFileName(new Date(), 'jsonl'))}
      >
        <Download size={14} />
        {t('logs.exportJsonl')}
      </Button>
    </div>
  );
}
