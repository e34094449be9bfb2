import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconClock } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryStatus';
import {
  KIND_LABELS,
  type QuizOutcome,
  type ReaderQuiz,
  type TrainingModule,
  useCompleteModule,
  useModule,
  useSubmitQuiz,
} from './api';
import { ModuleContent } from './ModuleContent';
import { StatusBadge } from './StatusBadge';

/** One module: its content, then its quiz (or "mark as done"), and where the reader stands. */
export function ModulePage() {
  const { id = '' } = useParams();
  const module = useModule(id);
  if (module.isPending)
    return (
      <Stack aria-busy="true" aria-label="Loading the module">
        <Skeleton height={36} width="50%" />
        <Skeleton height={200} />
      </Stack>
    );
  if (module.isError) return <ErrorAlert error={module.error} onRetry={() => module.refetch()} />;
  const m = module.data;
  return (
    <>
      <Anchor component={Link} to="/training" size="sm" mb="xs" display="inline-block">
        ← Training
      </Anchor>
      <PageHeader
        title={m.title}
        description={m.summary || undefined}
        actions={
          <Group gap="xs">
            <Badge variant="light" color={m.kind === 'competency' ? 'blue' : 'grape'}>
              {KIND_LABELS[m.kind]}
            </Badge>
            <Badge variant="default" leftSection={<IconClock size={12} aria-hidden />}>
              {m.estimatedMinutes} min
            </Badge>
            {m.myAssignment && <StatusBadge status={m.myAssignment.status} />}
          </Group>
        }
      />
      {m.myAssignment?.dueDate && m.myAssignment.status !== 'done' && (
        <Text size="sm" c={m.myAssignment.status === 'overdue' ? 'red' : 'dimmed'} mb="md">
          Due by {formatDate(m.myAssignment.dueDate)}
        </Text>
      )}
      <Stack gap="xl">
        <ModuleContent module={m} />
        {m.quiz ? <QuizForm module={m} /> : <MarkDone module={m} />}
      </Stack>
    </>
  );
}

function MarkDone({ module }: { module: TrainingModule }) {
  const complete = useCompleteModule(module.id);
  const done = module.myAssignment?.status === 'done';
  return (
    <Paper withBorder p="md" radius="md">
      {done ? (
        <Group gap="xs">
          <IconCircleCheck color="var(--mantine-color-green-7)" aria-hidden />
          <Text>You completed this module on {formatDate(module.myAssignment?.completedAt)}.</Text>
        </Group>
      ) : (
        <Stack gap="xs" align="flex-start">
          <Text>Read it through? Mark it as done.</Text>
          <Button onClick={() => complete.mutate(undefined)} loading={complete.isPending}>
            Mark as done
          </Button>
          {complete.isError && <ErrorAlert error={complete.error} />}
        </Stack>
      )}
    </Paper>
  );
}

function QuizForm({ module }: { module: TrainingModule }) {
  const quiz = module.quiz;
  const submit = useSubmitQuiz(module.id);
  const [answers, setAnswers] = useState<Record<string, number[]>>({});
  const [outcome, setOutcome] = useState<QuizOutcome | null>(null);
  if (!quiz) return null;
  const rightOf = (id: string) => outcome?.perQuestion.find((p) => p.id === id)?.right;
  const complete = quiz.questions.every((q) => (answers[q.id] ?? []).length > 0);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="quiz-title">
      <Stack gap="md">
        <Title order={2} size="h4" id="quiz-title">
          Quiz
        </Title>
        <Text size="sm" c="dimmed">
          Get {Math.round(quiz.passMark * 100)} % right to complete the module. You can try as often as you
          like.
        </Text>
        {module.myAssignment?.status === 'done' && !outcome && (
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />}>
            You passed this quiz (best score {Math.round((module.myAssignment.bestScore ?? 0) * 100)} %).
          </Alert>
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit.mutate(answers, { onSuccess: setOutcome });
          }}
        >
          <Stack gap="lg">
            {quiz.questions.map((q, index) => (
              <QuestionField
                key={q.id}
                question={q}
                index={index}
                chosen={answers[q.id] ?? []}
                right={rightOf(q.id)}
                onChange={(values) => setAnswers((a) => ({ ...a, [q.id]: values }))}
              />
            ))}
            <Group>
              <Button type="submit" loading={submit.isPending} disabled={!complete}>
                Submit answers
              </Button>
            </Group>
          </Stack>
        </form>
        {submit.isError && <ErrorAlert error={submit.error} />}
        {outcome && (
          <Alert
            role="status"
            color={outcome.passed ? 'green' : 'orange'}
            variant="light"
            title={outcome.passed ? 'Passed: module completed' : 'Not passed yet'}
          >
            {outcome.correct} of {outcome.total} right ({Math.round(outcome.score * 100)} %).{' '}
            {outcome.passed ? 'Well done.' : 'Have another look at the content and try again.'}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function QuestionField({
  question: q,
  index,
  chosen,
  right,
  onChange,
}: {
  question: ReaderQuiz['questions'][number];
  index: number;
  chosen: number[];
  right: boolean | undefined;
  onChange: (values: number[]) => void;
}) {
  const label = (
    <Group gap={6} wrap="nowrap">
      <span>
        {index + 1}. {q.prompt}
      </span>
      {right === true && (
        <IconCircleCheck size={18} color="var(--mantine-color-green-7)" aria-label="right" />
      )}
      {right === false && <IconCircleX size={18} color="var(--mantine-color-red-7)" aria-label="wrong" />}
    </Group>
  );
  const values = chosen.map(String);
  const set = (v: string[]) => onChange(v.map(Number));
  return q.kind === 'single' ? (
    <Radio.Group label={label} value={values[0] ?? null} onChange={(v) => set([v])}>
      <Stack gap={6} mt={6}>
        {q.options.map((option, i) => (
          <Radio key={option} value={String(i)} label={option} />
        ))}
      </Stack>
    </Radio.Group>
  ) : (
    <Checkbox.Group label={label} description="Choose every right answer" value={values} onChange={set}>
      <Stack gap={6} mt={6}>
        {q.options.map((option, i) => (
          <Checkbox key={option} value={String(i)} label={option} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}
