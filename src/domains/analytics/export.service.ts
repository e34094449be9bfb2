import { invalid } from '../../server/errors.ts';
import type { Ctx } from '../auth/context.ts';
import type { EstimateView, ExportQuery } from './analytics.api.ts';
import { drillDown } from './drill-down.service.ts';
import { getKeyDrivers } from './drivers.service.ts';
import { getOverview } from './overview.service.ts';
import { getEmployeeMonthly, getEmployeeScores, getTeamComparison } from './people-scores.service.ts';
import { getQuestionResults } from './questions.service.ts';
import { listTargets } from './targets.service.ts';

type Cell = string | number | boolean | null | undefined;

/** RFC 4180 CSV. Text that a spreadsheet would run as a formula (=, +, -, @ first) is quoted with a '. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cell = (v: Cell) => {
    if (v === null || v === undefined) return '';
    if (typeof v !== 'string') return String(v);
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return `${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

const ESTIMATE_HEADER = ['n', 'value', 'low', 'high', 'margin_of_error', 'status'];
const estimateCells = (e: EstimateView): Cell[] => [e.n, e.value, e.low, e.high, e.marginOfError, e.status];

/** Every analytics table as CSV, computed by the same service function as its JSON. */
export async function exportTable(ctx: Ctx, table: string, q: ExportQuery): Promise<string> {
  const metric = q.metric ?? 'nps';
  switch (table) {
    case 'trend': {
      const o = await getOverview(ctx, q);
      return toCsv(
        ['period', 'responses', 'metric', ...ESTIMATE_HEADER],
        o.trend.flatMap((p) => p.scores.map((s) => [p.period, p.responses, s.metric, ...estimateCells(s)])),
      );
    }
    case 'teams': {
      const t = await getTeamComparison(ctx, { ...q, metric });
      return toCsv(
        ['team_id', 'team', 'metric', 'rank', 'shrunk', ...ESTIMATE_HEADER],
        t.teams.map((r) => [r.teamId, r.name, metric, r.rank, r.shrunk, ...estimateCells(r.raw)]),
      );
    }
    case 'employees': {
      const e = await getEmployeeScores(ctx, { ...q, metric });
      return toCsv(
        ['employee_id', 'name', 'team', 'metric', 'rank', 'shrunk', ...ESTIMATE_HEADER],
        e.employees.map((r) => [
          r.employeeId,
          r.name,
          r.teamName,
          metric,
          r.rank,
          r.shrunk,
          ...estimateCells(r.raw),
        ]),
      );
    }
    case 'employee-monthly': {
      if (!q.employeeId) throw invalid('employee-monthly needs employeeId', { field: 'employeeId' });
      const e = await getEmployeeMonthly(ctx, q.employeeId, { ...q, metric });
      return toCsv(
        ['employee_id', 'name', 'month', 'metric', ...ESTIMATE_HEADER],
        e.months.map((m) => [e.employeeId, e.name, m.period, metric, ...estimateCells(m.estimate)]),
      );
    }
    case 'questions': {
      const r = await getQuestionResults(ctx, q);
      return toCsv(
        ['survey_id', 'survey', 'question_id', 'question', 'type', 'answered', 'mean', 'value', 'count'],
        r.surveys.flatMap((s) =>
          s.questions.flatMap((question) =>
            (question.distribution.length ? question.distribution : [{ value: null, count: null }]).map(
              (d) => [
                s.surveyId,
                s.name,
                question.questionId,
                question.label,
                question.type,
                question.answered,
                question.mean,
                d.value,
                d.count,
              ],
            ),
          ),
        ),
      );
    }
    case 'drivers': {
      const d = await getKeyDrivers(ctx, q);
      return toCsv(
        [
          'survey_id',
          'status',
          'driver',
          'label',
          'source',
          'importance',
          'raw_weight',
          'correlation',
          'performance',
          'n',
        ],
        d.drivers.length
          ? d.drivers.map((x) => [
              d.surveyId,
              d.status,
              x.key,
              x.label,
              x.source,
              x.importance,
              x.rawWeight,
              x.correlation,
              x.performance,
              x.n,
            ])
          : [[d.surveyId, d.status, null, null, null, null, null, null, null, d.responses]],
      );
    }
    case 'responses': {
      const rows: Cell[][] = [];
      let cursor: string | undefined;
      // Up to 50,000 rows, a page at a time.
      for (let page = 0; page < 100; page++) {
        const d = await drillDown(ctx, { ...q, limit: 500, cursor });
        for (const r of d.items)
          rows.push([
            r.id,
            r.submittedAt,
            r.surveyId,
            r.surveyKind,
            r.score,
            r.teamId,
            r.channel,
            r.employeeIds.join(';'),
            r.comment,
          ]);
        if (!d.nextCursor) break;
        cursor = d.nextCursor;
      }
      return toCsv(
        [
          'response_id',
          'submitted_at',
          'survey_id',
          'survey_kind',
          'score',
          'team_id',
          'channel',
          'employee_ids',
          'comment',
        ],
        rows,
      );
    }
    case 'targets': {
      const t = await listTargets(ctx);
      return toCsv(
        [
          'target_id',
          'name',
          'metric',
          'team_id',
          'comparator',
          'value',
          'due_date',
          'status',
          'projected',
          'projected_low',
          'projected_high',
          ...ESTIMATE_HEADER,
        ],
        t.map((x) => [
          x.id,
          x.name,
          x.metric,
          x.teamId,
          x.comparator,
          x.value,
          x.dueDate,
          x.status,
          x.projection?.value,
          x.projection?.low,
          x.projection?.high,
          ...estimateCells(x.current),
        ]),
      );
    }
    default:
      throw invalid(`No table "${table}"`);
  }
}
