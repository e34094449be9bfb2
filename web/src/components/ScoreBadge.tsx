import { Badge } from '@mantine/core';
import type { SurveyKind } from '../api/types';

export interface ScoreBand {
  word: string;
  color: string;
}

/**
 * What a score means on its survey's scale, as a word (never colour alone):
 * NPS 0–6 detractor, 7–8 passive, 9–10 promoter; CSAT 1–2 dissatisfied, 3 neutral, 4–5 satisfied;
 * CES 1–3 low effort, 4 some effort, 5–7 high effort (a higher CES score means more effort).
 */
export function scoreBand(score: number, kind: SurveyKind | undefined): ScoreBand | null {
  switch (kind) {
    case 'nps':
      if (score <= 6) return { word: 'Detractor', color: 'red' };
      if (score <= 8) return { word: 'Passive', color: 'yellow' };
      return { word: 'Promoter', color: 'teal' };
    case 'csat':
      if (score <= 2) return { word: 'Dissatisfied', color: 'red' };
      if (score === 3) return { word: 'Neutral', color: 'yellow' };
      return { word: 'Satisfied', color: 'teal' };
    case 'ces':
      if (score <= 3) return { word: 'Low effort', color: 'teal' };
      if (score === 4) return { word: 'Some effort', color: 'yellow' };
      return { word: 'High effort', color: 'red' };
    default:
      return null;
  }
}

export function ScoreBadge({ score, kind }: { score: number | null; kind: SurveyKind | undefined }) {
  if (score === null)
    return (
      <Badge color="gray" variant="light" component="span">
        No score
      </Badge>
    );
  const band = scoreBand(score, kind);
  return (
    <Badge
      component="span"
      color={band?.color ?? 'gray'}
      variant="light"
      size="lg"
      styles={{
        root: { overflow: 'visible', maxWidth: 'none' },
        label: { textTransform: 'none', overflow: 'visible' },
      }}
      // Yellow text on a light background is too faint; darker shades keep AA contrast.
      c={band ? (band.color === 'yellow' ? '#5c4200' : `${band.color}.9`) : undefined}
    >
      {score}
      {band ? ` · ${band.word}` : ''}
    </Badge>
  );
}
