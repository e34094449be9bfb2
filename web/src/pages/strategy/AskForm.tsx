import { Checkbox, MultiSelect, NumberInput, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTeams } from '../../api/people';
import { type Ask, type Strategy, understandingQuiz } from './api';

type QuizSource = Pick<Strategy, 'customersServed' | 'customersNotServed' | 'priorities'>;

/**
 * The fields that ask people to read something, shared by publishing a version and writing an
 * announcement: title and message, the teams asked, acknowledgement, the understanding quiz built
 * from the strategy, and the reminder delay.
 */
export function useAskForm(options: {
  strategy: QuizSource | null;
  quizByDefault: boolean;
  remindByDefault: number | null;
  /** Whether acknowledgement may be switched off (publishing always asks for it). */
  optionalAcknowledgement: boolean;
  titleRequired: boolean;
}) {
  const teams = useTeams();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [acknowledge, setAcknowledge] = useState(true);
  const [withQuiz, setWithQuiz] = useState(options.quizByDefault);
  const [remindAfterDays, setRemindAfterDays] = useState<number | string>(options.remindByDefault ?? '');
  const quiz = options.strategy ? understandingQuiz(options.strategy) : null;

  const textFields = (placeholder?: string) => (
    <>
      <TextInput
        label="Title"
        required={options.titleRequired}
        placeholder={placeholder}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        maxLength={200}
      />
      <Textarea
        label="Message"
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={5000}
      />
    </>
  );

  const askFields = (
    <>
      <MultiSelect
        label="Teams asked"
        description="Everyone when none is chosen; a team includes the teams below it."
        data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
        value={teamIds}
        onChange={setTeamIds}
        searchable
        clearable
      />
      {options.optionalAcknowledgement && (
        <Checkbox
          label="Ask them to acknowledge it"
          checked={acknowledge}
          onChange={(e) => setAcknowledge(e.currentTarget.checked)}
        />
      )}
      <Checkbox
        label={
          quiz
            ? `Add a short quiz to check understanding (${quiz.questions.map((q) => q.prompt).join(' ')})`
            : 'Add a short quiz (needs customers you do not serve, or two priorities)'
        }
        checked={withQuiz && Boolean(quiz)}
        disabled={!quiz}
        onChange={(e) => setWithQuiz(e.currentTarget.checked)}
      />
      {acknowledge && (
        <NumberInput
          label="Remind those who have not acknowledged after (days)"
          description="Leave empty for no automatic reminder; you can always remind by hand."
          min={1}
          max={90}
          allowDecimal={false}
          value={remindAfterDays}
          onChange={setRemindAfterDays}
        />
      )}
    </>
  );

  /** What the API takes: title (when given), message and the ask. */
  const ask = (): Ask & { title?: string; body: string } => ({
    ...(title.trim() ? { title: title.trim() } : {}),
    body: body.trim(),
    requireAcknowledgement: acknowledge,
    teamIds,
    ...(withQuiz && quiz ? { quiz } : {}),
    remindAfterDays: acknowledge && typeof remindAfterDays === 'number' ? remindAfterDays : null,
  });

  const reset = () => {
    setTitle('');
    setBody('');
  };

  return { textFields, askFields, ask, reset, hasTitle: title.trim() !== '' };
}
