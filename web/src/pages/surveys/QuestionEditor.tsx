import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import {
  type Language,
  QUESTION_TYPE_LABELS,
  type Question,
  type QuestionOption,
  type QuestionType,
} from '../../api/types';
import { scaleOf } from './surveyText';
import { TranslatedField } from './TranslatedField';

const QUESTION_TYPES = Object.keys(QUESTION_TYPE_LABELS) as QuestionType[];

export function uniqueId(prefix: string, taken: string[]): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}${n}`;
    if (!taken.includes(id)) return id;
  }
}

function defaultOptions(): QuestionOption[] {
  return [
    { id: 'option1', label: { en: 'Option 1' } },
    { id: 'option2', label: { en: 'Option 2' } },
  ];
}

/** A question of another type that keeps the text, the required flag and the skip logic. */
export function convertQuestion(question: Question, type: QuestionType): Question {
  const { id, label, help, required, showIf } = question;
  const base = { id, label, required, ...(help && { help }), ...(showIf && { showIf }) };
  const labels = {
    ...('lowLabel' in question && question.lowLabel && { lowLabel: question.lowLabel }),
    ...('highLabel' in question && question.highLabel && { highLabel: question.highLabel }),
  };
  switch (type) {
    case 'nps':
    case 'csat':
    case 'ces':
      return { ...base, ...labels, type };
    case 'rating':
      return { ...base, ...labels, type, min: 1, max: 5 };
    case 'single':
    case 'multiple':
      return { ...base, type, options: 'options' in question ? question.options : defaultOptions() };
    case 'text':
      return { ...base, type, maxLength: 2000 };
  }
}

export function newQuestion(type: QuestionType, taken: string[]): Question {
  return convertQuestion(
    { id: uniqueId('q', taken), label: { en: '' }, required: false, type: 'text', maxLength: 2000 },
    type,
  );
}

interface QuestionEditorProps {
  question: Question;
  index: number;
  count: number;
  lang: Language;
  /** The first question's score range, when it is a score; skip logic depends on it. */
  firstScale: { min: number; max: number } | null;
  issues: Map<string, string>;
  onChange: (question: Question) => void;
  onMove: (direction: -1 | 1) => void;
  onRemove: () => void;
}

export function QuestionEditor({
  question,
  index,
  count,
  lang,
  firstScale,
  issues,
  onChange,
  onMove,
  onRemove,
}: QuestionEditorProps) {
  const number = index + 1;
  const path = `definition.questions.${index}`;
  const scale = scaleOf(question);
  const headingId = `question-${index}-heading`;

  const setOption = (optionIndex: number, option: QuestionOption) => {
    if (!('options' in question)) return;
    onChange({ ...question, options: question.options.map((o, i) => (i === optionIndex ? option : o)) });
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="xs">
            <Text fw={700} id={headingId} component="h3" m={0} size="md">
              Question {number}
            </Text>
            <Badge variant="light" color="gray" component="span">
              {QUESTION_TYPE_LABELS[question.type]}
            </Badge>
          </Group>
          <Group gap={4} wrap="nowrap">
            <Tooltip label="Move up">
              <ActionIcon
                variant="default"
                aria-label={`Move question ${number} up`}
                disabled={index === 0}
                onClick={() => onMove(-1)}
              >
                <IconArrowUp size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Move down">
              <ActionIcon
                variant="default"
                aria-label={`Move question ${number} down`}
                disabled={index === count - 1}
                onClick={() => onMove(1)}
              >
                <IconArrowDown size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={count === 1 ? 'A survey needs at least one question' : 'Remove'}>
              <ActionIcon
                variant="light"
                color="red"
                aria-label={`Remove question ${number}`}
                disabled={count === 1}
                onClick={onRemove}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>

        {issues.get(path) && (
          <Alert color="red" variant="light" p="xs">
            {issues.get(path)}
          </Alert>
        )}

        <TranslatedField
          label="Question"
          value={question.label}
          lang={lang}
          onChange={(label) => label && onChange({ ...question, label })}
          issues={issues}
          path={`${path}.label`}
          required
          multiline
          maxLength={500}
          description="{org} stands for your organisation's name"
        />
        <TranslatedField
          label="Help text"
          value={question.help}
          lang={lang}
          onChange={(help) => {
            const { help: _old, ...rest } = question;
            onChange(help ? { ...rest, help } : (rest as Question));
          }}
          issues={issues}
          path={`${path}.help`}
          maxLength={500}
        />

        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <NativeSelect
            label="Type"
            value={question.type}
            onChange={(event) =>
              onChange(convertQuestion(question, event.currentTarget.value as QuestionType))
            }
            data={QUESTION_TYPES.map((type) => ({ value: type, label: QUESTION_TYPE_LABELS[type] }))}
          />
          <Switch
            label="Answer required"
            checked={question.required}
            onChange={(event) => onChange({ ...question, required: event.currentTarget.checked })}
            mt={{ base: 0, xs: 28 }}
          />
        </SimpleGrid>

        {question.type === 'rating' && (
          <SimpleGrid cols={2} spacing="sm">
            <NumberInput
              label="Lowest value"
              min={0}
              max={1}
              allowDecimal={false}
              value={question.min}
              onChange={(value) => onChange({ ...question, min: Number(value) || 0 })}
              error={issues.get(`${path}.min`)}
            />
            <NumberInput
              label="Highest value"
              min={2}
              max={10}
              allowDecimal={false}
              value={question.max}
              onChange={(value) => onChange({ ...question, max: Number(value) || 2 })}
              error={issues.get(`${path}.max`)}
            />
          </SimpleGrid>
        )}

        {scale &&
          (question.type === 'nps' ||
            question.type === 'csat' ||
            question.type === 'ces' ||
            question.type === 'rating') && (
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <TranslatedField
                label={`Label for ${scale.min}`}
                value={question.lowLabel}
                lang={lang}
                onChange={(lowLabel) => {
                  const { lowLabel: _old, ...rest } = question;
                  onChange(lowLabel ? { ...rest, lowLabel } : rest);
                }}
                issues={issues}
                path={`${path}.lowLabel`}
                maxLength={60}
              />
              <TranslatedField
                label={`Label for ${scale.max}`}
                value={question.highLabel}
                lang={lang}
                onChange={(highLabel) => {
                  const { highLabel: _old, ...rest } = question;
                  onChange(highLabel ? { ...rest, highLabel } : rest);
                }}
                issues={issues}
                path={`${path}.highLabel`}
                maxLength={60}
              />
            </SimpleGrid>
          )}

        {(question.type === 'single' || question.type === 'multiple') && (
          <Stack gap="xs" role="group" aria-label={`Options of question ${number}`}>
            <Text size="sm" fw={500}>
              Options
            </Text>
            {issues.get(`${path}.options`) && (
              <Text size="sm" c="red.8">
                {issues.get(`${path}.options`)}
              </Text>
            )}
            {question.options.map((option, optionIndex) => (
              <Group key={option.id} gap="xs" wrap="nowrap" align="flex-end">
                <div style={{ flex: 1 }}>
                  <TranslatedField
                    label={`Option ${optionIndex + 1}`}
                    value={option.label}
                    lang={lang}
                    onChange={(label) => label && setOption(optionIndex, { ...option, label })}
                    issues={issues}
                    path={`${path}.options.${optionIndex}.label`}
                    required
                    maxLength={200}
                  />
                </div>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  mb={2}
                  aria-label={`Remove option ${optionIndex + 1} of question ${number}`}
                  disabled={question.options.length <= 2}
                  onClick={() =>
                    onChange({ ...question, options: question.options.filter((_, i) => i !== optionIndex) })
                  }
                >
                  <IconX size={16} aria-hidden />
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="default"
                size="xs"
                leftSection={<IconPlus size={14} aria-hidden />}
                disabled={question.options.length >= 20}
                onClick={() => {
                  const id = uniqueId(
                    'option',
                    question.options.map((o) => o.id),
                  );
                  onChange({
                    ...question,
                    options: [
                      ...question.options,
                      { id, label: { en: `Option ${question.options.length + 1}` } },
                    ],
                  });
                }}
              >
                Add option
              </Button>
            </Group>
          </Stack>
        )}

        {question.type === 'text' && (
          <NumberInput
            label="Longest answer (characters)"
            min={10}
            max={5000}
            allowDecimal={false}
            value={question.maxLength}
            onChange={(value) => onChange({ ...question, maxLength: Number(value) || 10 })}
            error={issues.get(`${path}.maxLength`)}
            maw={240}
          />
        )}

        {index > 0 && (firstScale || question.showIf) && (
          <Stack gap="xs">
            <Checkbox
              label="Show only when the first score is between…"
              checked={Boolean(question.showIf)}
              disabled={!firstScale && !question.showIf}
              onChange={(event) => {
                const { showIf: _old, ...rest } = question;
                onChange(
                  event.currentTarget.checked && firstScale
                    ? { ...rest, showIf: { scoreMin: firstScale.min, scoreMax: firstScale.max } }
                    : (rest as Question),
                );
              }}
            />
            {!firstScale && question.showIf && (
              <Text size="sm" c="orange.9">
                Skip logic needs a score (NPS, CSAT, CES or rating) as the first question.
              </Text>
            )}
            {question.showIf && (
              <Group gap="xs" align="flex-end" wrap="wrap">
                <NumberInput
                  label="From score"
                  min={firstScale?.min}
                  max={firstScale?.max}
                  allowDecimal={false}
                  value={question.showIf.scoreMin}
                  onChange={(value) =>
                    question.showIf &&
                    onChange({ ...question, showIf: { ...question.showIf, scoreMin: Number(value) || 0 } })
                  }
                  w={120}
                />
                <NumberInput
                  label="To score"
                  min={firstScale?.min}
                  max={firstScale?.max}
                  allowDecimal={false}
                  value={question.showIf.scoreMax}
                  onChange={(value) =>
                    question.showIf &&
                    onChange({ ...question, showIf: { ...question.showIf, scoreMax: Number(value) || 0 } })
                  }
                  w={120}
                />
                {issues.get(`${path}.showIf`) && (
                  <Text size="sm" c="red.8" role="alert">
                    {issues.get(`${path}.showIf`)}
                  </Text>
                )}
              </Group>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
