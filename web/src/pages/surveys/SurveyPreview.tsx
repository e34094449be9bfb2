import { Box, Button, Checkbox, Group, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { type CSSProperties, useId, useState } from 'react';
import type { AnswerValue, Language, Question, SurveyDefinition } from '../../api/types';
import { PAGE_WORDS, scaleOf, textIn, withOrg } from './surveyText';

interface SurveyPreviewProps {
  definition: SurveyDefinition;
  lang: Language;
  orgName: string;
}

function ScaleQuestion({
  question,
  lang,
  orgName,
  value,
  onChange,
}: {
  question: Question;
  lang: Language;
  orgName: string;
  value: AnswerValue | undefined;
  onChange: (value: number) => void;
}) {
  const name = useId();
  const scale = scaleOf(question);
  if (!scale) return null;
  const points = Array.from({ length: scale.max - scale.min + 1 }, (_, index) => scale.min + index);
  const low = 'lowLabel' in question ? textIn(question.lowLabel, lang) : '';
  const high = 'highLabel' in question ? textIn(question.highLabel, lang) : '';
  return (
    <>
      <div className="preview-scale">
        {points.map((point) => (
          <label key={point} className="preview-scale-option">
            <input
              type="radio"
              name={name}
              value={point}
              checked={value === point}
              onChange={() => onChange(point)}
            />
            <span>{point}</span>
          </label>
        ))}
      </div>
      {(low || high) && (
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {withOrg(low, orgName)}
          </Text>
          <Text size="xs" c="dimmed" ta="right">
            {withOrg(high, orgName)}
          </Text>
        </Group>
      )}
    </>
  );
}

/** A React approximation of the public survey page, as the customer will see it in `lang`. */
export function SurveyPreview({ definition, lang, orgName }: SurveyPreviewProps) {
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [sent, setSent] = useState(false);
  const words = PAGE_WORDS[lang];
  const first = definition.questions[0];
  const firstScore = first ? answers[first.id] : undefined;
  const visible = definition.questions.filter(
    (question, index) =>
      index === 0 ||
      !question.showIf ||
      (typeof firstScore === 'number' &&
        firstScore >= question.showIf.scoreMin &&
        firstScore <= question.showIf.scoreMax),
  );
  const hidden = definition.questions.length - visible.length;
  const set = (id: string, value: AnswerValue) => setAnswers((current) => ({ ...current, [id]: value }));
  const brand = /^#[0-9a-fA-F]{6}$/.test(definition.brandColor) ? definition.brandColor : '#1864ab';
  const intro = textIn(definition.intro, lang);

  return (
    <Paper
      withBorder
      radius="md"
      style={{ overflow: 'hidden', '--preview-brand': brand } as CSSProperties}
      lang={lang}
    >
      <Box h={6} bg={brand} aria-hidden />
      <Stack gap="lg" p={{ base: 'md', sm: 'lg' }}>
        {definition.logoUrl && (
          <img
            src={definition.logoUrl}
            alt={`${orgName} logo`}
            style={{ maxHeight: 40, maxWidth: 180, objectFit: 'contain', alignSelf: 'flex-start' }}
          />
        )}
        {sent ? (
          <Stack gap="md" py="lg" ta="center" align="center">
            <Text size="lg" fw={600}>
              {withOrg(textIn(definition.thankYou, lang), orgName)}
            </Text>
            <Button variant="subtle" size="xs" onClick={() => setSent(false)}>
              Back to the questions (preview only)
            </Button>
          </Stack>
        ) : (
          <>
            <Stack gap={4}>
              <Title order={3} size="h3">
                {withOrg(textIn(definition.title, lang), orgName) || '—'}
              </Title>
              {intro && <Text c="dimmed">{withOrg(intro, orgName)}</Text>}
            </Stack>
            {visible.map((question) => {
              const label = withOrg(textIn(question.label, lang), orgName) || '—';
              const help = textIn(question.help, lang);
              const value = answers[question.id];
              const legend = (
                <>
                  {label}
                  {question.required && (
                    <Text span c="red.8" ml={4}>
                      <span aria-hidden>*</span>
                      <span className="sr-only">{words.required}</span>
                    </Text>
                  )}
                </>
              );
              if (question.type === 'single')
                return (
                  <Radio.Group
                    key={question.id}
                    label={legend}
                    description={help || undefined}
                    value={typeof value === 'string' ? value : null}
                    onChange={(next) => set(question.id, next)}
                  >
                    <Stack gap="xs" mt="xs">
                      {question.options.map((option) => (
                        <Radio
                          key={option.id}
                          value={option.id}
                          label={textIn(option.label, lang) || '—'}
                          color={brand}
                        />
                      ))}
                    </Stack>
                  </Radio.Group>
                );
              if (question.type === 'multiple')
                return (
                  <Checkbox.Group
                    key={question.id}
                    label={legend}
                    description={help || undefined}
                    value={Array.isArray(value) ? value : []}
                    onChange={(next) => set(question.id, next)}
                  >
                    <Stack gap="xs" mt="xs">
                      {question.options.map((option) => (
                        <Checkbox
                          key={option.id}
                          value={option.id}
                          label={textIn(option.label, lang) || '—'}
                          color={brand}
                        />
                      ))}
                    </Stack>
                  </Checkbox.Group>
                );
              if (question.type === 'text')
                return (
                  <Textarea
                    key={question.id}
                    label={legend}
                    description={help || undefined}
                    autosize
                    minRows={3}
                    maxLength={question.maxLength}
                    value={typeof value === 'string' ? value : ''}
                    onChange={(event) => set(question.id, event.currentTarget.value)}
                  />
                );
              return (
                <Box key={question.id} component="fieldset" className="preview-fieldset">
                  <Text component="legend" fw={500} size="sm" mb={4}>
                    {legend}
                  </Text>
                  {help && (
                    <Text size="xs" c="dimmed" mb={6}>
                      {help}
                    </Text>
                  )}
                  <Stack gap={6}>
                    <ScaleQuestion
                      question={question}
                      lang={lang}
                      orgName={orgName}
                      value={value}
                      onChange={(next) => set(question.id, next)}
                    />
                  </Stack>
                </Box>
              );
            })}
            {hidden > 0 && (
              <Text size="xs" c="dimmed" fs="italic">
                {hidden === 1
                  ? '1 more question appears for some scores (skip logic).'
                  : `${hidden} more questions appear for some scores (skip logic).`}
              </Text>
            )}
            <Group>
              <Button color={brand} onClick={() => setSent(true)}>
                {words.submit}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
