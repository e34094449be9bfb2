import { Badge, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ResponseText, Sentiment } from '../api/types';

const SENTIMENT_COLOURS: Record<Sentiment, string> = { negative: 'red', neutral: 'gray', positive: 'teal' };

export function SentimentBadge({ sentiment, score }: { sentiment: Sentiment; score?: number }) {
  return (
    <Badge color={SENTIMENT_COLOURS[sentiment]} variant="light">
      {sentiment}
      {score !== undefined ? ` (${score > 0 ? '+' : ''}${score.toFixed(2)})` : ''}
    </Badge>
  );
}

interface Mark {
  start: number;
  end: number;
  label: string;
  kind: 'theme' | 'mention';
}

/**
 * The comment with the phrases that made each theme, and the people it names, highlighted. Marks
 * come from the server as offsets into the comment; overlapping ones keep the first.
 */
function highlight(comment: string, marks: Mark[]): ReactNode[] {
  const sorted = [...marks]
    .filter((m) => m.start >= 0 && m.end <= comment.length && m.start < m.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: ReactNode[] = [];
  let at = 0;
  for (const mark of sorted) {
    if (mark.start < at) continue;
    if (mark.start > at) out.push(comment.slice(at, mark.start));
    out.push(
      // The title names the theme on hover; the badges below list every theme for everyone else.
      <mark
        key={`${mark.start}-${mark.end}`}
        className={mark.kind === 'mention' ? 'text-mark text-mark-mention' : 'text-mark'}
        title={mark.label}
      >
        {comment.slice(mark.start, mark.end)}
      </mark>,
    );
    at = mark.end;
  }
  if (at < comment.length) out.push(comment.slice(at));
  return out;
}

/** A response's comment with its text analysis: sentiment, themes and the employees it names. */
export function AnalysedComment({
  comment,
  text,
}: {
  comment: string;
  text: ResponseText | null | undefined;
}) {
  if (!text)
    return (
      <Text size="lg" style={{ whiteSpace: 'pre-wrap' }}>
        “{comment}”
      </Text>
    );
  const marks: Mark[] = [
    ...text.themes.flatMap((theme) =>
      theme.spans.map((span) => ({ ...span, label: `Theme: ${theme.name}`, kind: 'theme' as const })),
    ),
    ...text.mentions.map((m) => ({
      start: m.start,
      end: m.end,
      label: `Names ${m.name}`,
      kind: 'mention' as const,
    })),
  ];
  return (
    <Stack gap="sm">
      <Text size="lg" style={{ whiteSpace: 'pre-wrap' }}>
        “{highlight(comment, marks)}”
      </Text>
      <Group gap="xs" aria-label="Text analysis">
        <SentimentBadge sentiment={text.sentiment} score={text.sentimentScore} />
        {text.praise && (
          <Badge color="teal" variant="outline">
            praise
          </Badge>
        )}
        {text.complaint && (
          <Badge color="red" variant="outline">
            complaint
          </Badge>
        )}
        {text.themes.map((theme) => (
          <Badge key={theme.key} variant="default">
            {theme.name}
          </Badge>
        ))}
        {text.mentions.map((m) => (
          <Badge key={`${m.employeeId}-${m.start}`} color="grape" variant="light">
            names {m.name}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}
