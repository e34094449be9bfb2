import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconRefresh } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { useTextThemes } from '../../api/responses';
import type { TextTheme } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import {
  type Reanalysis,
  type TextModel,
  useDeleteTheme,
  useReanalysis,
  useSaveTheme,
  useStartReanalysis,
  useTextModels,
  useTrainModel,
} from './api';

const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;
const keyOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, 't_$1')
    .slice(0, 60);
const phrasesOf = (text: string) =>
  [...new Set(text.split('\n').map((line) => line.trim().toLowerCase()))].filter((p) => p.length >= 2);

/** Add a theme, or the phrases the organisation adds to one (a default theme keeps its own). */
function ThemeEditor({ theme, onClose }: { theme: TextTheme | 'new'; onClose: () => void }) {
  const isNew = theme === 'new';
  const [name, setName] = useState(isNew ? '' : theme.name);
  const [phrases, setPhrases] = useState(isNew ? '' : theme.organisationPhrases.join('\n'));
  const save = useSaveTheme();
  const key = isNew ? keyOf(name) : theme.key;
  const invalidKey = isNew && name.trim() !== '' && (key.length < 2 || !KEY_PATTERN.test(key));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { key, name: name.trim(), phrases: phrasesOf(phrases) },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `Theme “${name.trim()}” saved.` });
          onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          description={isNew ? `Key: ${key || '—'}` : undefined}
          error={invalidKey ? 'Start the name with a letter' : undefined}
          maxLength={100}
          data-autofocus
        />
        {!isNew && theme.builtIn && (
          <Text size="sm" c="dimmed">
            Built in, with {theme.phrases.length - theme.organisationPhrases.length} phrases of its own. The
            phrases below are the ones your organisation adds.
          </Text>
        )}
        <Textarea
          label="Example phrases, one per line"
          description="A comment containing a phrase gets the theme, e.g. “car park”, “no parking”."
          autosize
          minRows={4}
          maxRows={12}
          value={phrases}
          onChange={(e) => setPhrases(e.currentTarget.value)}
        />
        {save.error && <ErrorAlert error={save.error} title="Could not save the theme" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!name.trim() || invalidKey}>
            Save theme
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Themes({ canManage }: { canManage: boolean }) {
  const themes = useTextThemes();
  const remove = useDeleteTheme();
  const [editing, setEditing] = useState<TextTheme | 'new' | null>(null);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="themes-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="themes-heading">
          Themes
        </Title>
        {canManage && (
          <Button
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setEditing('new')}
          >
            Add a theme
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        What customers' comments are about. The default customer-service themes come built in; add your own,
        or phrases your customers use for a built-in one. Labelled: comments managers tagged with the theme on
        a response's page.
      </Text>
      {themes.isPending ? (
        <TableSkeleton label="Loading themes" />
      ) : themes.error ? (
        <ErrorAlert error={themes.error} onRetry={() => themes.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Theme</Table.Th>
                <Table.Th>Example phrases</Table.Th>
                <Table.Th ta="right">Labelled</Table.Th>
                {canManage && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {themes.data.map((t) => (
                <Table.Tr key={t.key}>
                  <Table.Td>
                    <Text fw={600} size="sm">
                      {t.name}
                    </Text>
                    <Group gap={4}>
                      <Text size="xs" c="dimmed">
                        {t.key}
                      </Text>
                      {t.builtIn ? (
                        <Badge size="xs" variant="light" color="gray">
                          Built in
                        </Badge>
                      ) : (
                        <Badge size="xs" variant="light">
                          Yours
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {t.phrases.slice(0, 8).join(', ')}
                      {t.phrases.length > 8 ? ` and ${t.phrases.length - 8} more` : ''}
                    </Text>
                    {t.builtIn && t.organisationPhrases.length > 0 && (
                      <Text size="xs" c="dimmed">
                        {t.organisationPhrases.length} added by you
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{t.labelled}</Table.Td>
                  {canManage && (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button size="compact-xs" variant="default" onClick={() => setEditing(t)}>
                          Edit<span className="sr-only"> {t.name}</span>
                        </Button>
                        {(!t.builtIn || t.organisationPhrases.length > 0) && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            loading={remove.isPending && remove.variables === t.key}
                            onClick={() =>
                              remove.mutate(t.key, {
                                onError: (err) =>
                                  notifications.show({ color: 'red', message: errorMessage(err) }),
                              })
                            }
                          >
                            {t.builtIn ? 'Remove added phrases' : 'Delete'}
                            <span className="sr-only"> of {t.name}</span>
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Add a theme' : `Edit ${editing?.name ?? ''}`}
      >
        {editing !== null && <ThemeEditor theme={editing} onClose={() => setEditing(null)} />}
      </Modal>
    </Paper>
  );
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

const MODEL_TEXT: Record<TextModel['kind'], { title: string; about: string; tooFew: string; train: string }> =
  {
    sentiment: {
      title: 'Your sentiment model',
      about:
        'Trained on your own NPS comments (9–10 as positive, 0–4 as negative) and used only when it beats the built-in model on comments it did not learn from.',
      tooFew: 'Too few NPS comments with clear scores to train on yet.',
      train: 'Train sentiment',
    },
    themes: {
      title: 'Your theme model',
      about:
        'Trained on the comments your managers labelled with one theme. It adds a theme the phrases missed, only when it is sure, and is used only when it beats the phrases on comments it did not learn from.',
      tooFew: 'Too few comments labelled with one theme yet (it needs about 30, with at least two themes).',
      train: 'Train themes',
    },
  };

function Model({
  kind,
  model,
  canManage,
}: {
  kind: TextModel['kind'];
  model: TextModel | undefined;
  canManage: boolean;
}) {
  const train = useTrainModel(kind);
  const text = MODEL_TEXT[kind];
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        {text.title}
      </Title>
      <Text size="sm" c="dimmed">
        {text.about}
      </Text>
      {model ? (
        <>
          <Group gap="xs">
            <Badge color={model.inUse ? 'teal' : 'gray'} variant="light">
              {model.inUse ? 'In use' : 'Not used: the built-in reading did better'}
            </Badge>
          </Group>
          <Text size="sm">
            Macro-F1 on held-out comments: {pct(model.heldOutMacroF1)} (built-in: {pct(model.defaultMacroF1)}
            ), accuracy {pct(model.heldOutAccuracy)}.
          </Text>
          <Text size="xs" c="dimmed">
            Trained on {model.trainedOn} comments, tested on {model.testedOn},{' '}
            {formatDateTime(model.trainedAt)}.
          </Text>
        </>
      ) : (
        <Text size="sm">Not trained yet: comments are read by the built-in model.</Text>
      )}
      {train.data && train.data.model === null && <Alert color="yellow">{text.tooFew}</Alert>}
      {train.error && <ErrorAlert error={train.error} title="Could not train" />}
      {canManage && (
        <Group>
          <Button size="xs" variant="default" loading={train.isPending} onClick={() => train.mutate()}>
            {text.train}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Models({ canManage }: { canManage: boolean }) {
  const models = useTextModels();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="models-heading">
      <Title order={2} size="h4" id="models-heading" mb="xs">
        Your models
      </Title>
      {models.isPending ? (
        <TableSkeleton rows={2} label="Loading models" />
      ) : models.error ? (
        <ErrorAlert error={models.error} onRetry={() => models.refetch()} />
      ) : (
        <Stack gap="lg">
          {(['sentiment', 'themes'] as const).map((kind) => (
            <Model
              key={kind}
              kind={kind}
              model={models.data.find((m) => m.kind === kind)}
              canManage={canManage}
            />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function runText(run: Reanalysis) {
  if (run.status === 'running') return `${run.done} of ${run.total} comments analysed`;
  if (run.status === 'done') return `All ${run.done} comments analysed, ${formatDateTime(run.finishedAt)}`;
  return `Replaced by a newer run after ${run.done} of ${run.total} comments`;
}

function ReanalysisPanel({ canManage }: { canManage: boolean }) {
  const run = useReanalysis();
  const start = useStartReanalysis();
  const r = run.data;
  const share = r && r.total > 0 ? Math.min(100, (100 * r.done) / r.total) : 100;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="reanalysis-heading">
      <Title order={2} size="h4" id="reanalysis-heading" mb="xs">
        Re-analyse comments
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        New comments are analysed as they arrive. After you change themes or the model, re-analyse the
        comments already stored so filters, cases and dashboards use the new reading. It runs in the
        background and carries on after a restart.
      </Text>
      {run.isPending ? (
        <TableSkeleton rows={1} label="Loading re-analysis" />
      ) : run.error ? (
        <ErrorAlert error={run.error} onRetry={() => run.refetch()} />
      ) : r ? (
        <Stack gap={6}>
          <Progress
            value={share}
            animated={r.status === 'running'}
            aria-label="Re-analysis progress"
            aria-valuetext={runText(r)}
          />
          <Text size="sm" aria-live="polite">
            {runText(r)}
          </Text>
          <Text size="xs" c="dimmed">
            {r.reason}, {formatDateTime(r.startedAt)}
          </Text>
        </Stack>
      ) : (
        <Text size="sm">No re-analysis has run yet.</Text>
      )}
      {start.error && <ErrorAlert error={start.error} title="Could not start" />}
      {canManage && (
        <Button
          mt="sm"
          size="xs"
          leftSection={<IconRefresh size={14} aria-hidden />}
          loading={start.isPending}
          onClick={() => start.mutate()}
        >
          Re-analyse all comments
        </Button>
      )}
    </Paper>
  );
}

/** Text analytics settings: the themes comments are read for, the model, and re-analysis. */
export function TextSettingsPage() {
  const me = useMe();
  const canManage = me.data ? me.data.employee.role !== 'employee' : false;
  return (
    <Stack gap="lg">
      <PageHeader
        title="Comment themes"
        description="How Serviceloop reads what customers write: sentiment, themes and the people they name. Everything runs on this server; no comment leaves it."
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Models canManage={canManage} />
        <ReanalysisPanel canManage={canManage} />
      </SimpleGrid>
      <Themes canManage={canManage} />
    </Stack>
  );
}
