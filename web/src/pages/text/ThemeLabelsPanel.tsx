import { Button, Group, MultiSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTextThemes } from '../../api/responses';
import { formatDateTime } from '../../components/format';
import { ErrorAlert } from '../../components/QueryStatus';
import { useSetThemeLabels, useThemeLabels } from './api';

/**
 * A manager's own reading of a comment: the themes it is really about. Kept apart from the
 * automatic analysis, as the organisation's labelled data.
 */
export function ThemeLabelsPanel({ responseId }: { responseId: string }) {
  const themes = useTextThemes();
  const labels = useThemeLabels(responseId);
  const save = useSetThemeLabels(responseId);
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => {
    if (labels.data) setChosen(labels.data.themes);
  }, [labels.data]);
  const saved = labels.data?.themes ?? [];
  const changed = chosen.length !== saved.length || chosen.some((t) => !saved.includes(t));
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="labels-heading">
      <Title order={2} size="h4" mb={4} id="labels-heading">
        Your theme labels
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        What this comment is really about, in your judgement. Labels teach Serviceloop your organisation's
        reading and are counted on the Comment themes page.
      </Text>
      {labels.error ? (
        <ErrorAlert error={labels.error} onRetry={() => labels.refetch()} />
      ) : (
        <Stack gap="xs">
          <MultiSelect
            label="Themes"
            placeholder={themes.isPending || labels.isPending ? 'Loading…' : 'Choose themes'}
            data={(themes.data ?? []).map((t) => ({ value: t.key, label: t.name }))}
            value={chosen}
            onChange={setChosen}
            searchable
            clearable
            disabled={labels.isPending}
            maxValues={20}
          />
          {save.error && <ErrorAlert error={save.error} title="Could not save the labels" />}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {labels.data?.labelledAt
                ? `Last labelled ${formatDateTime(labels.data.labelledAt)}`
                : 'Not labelled yet'}
            </Text>
            <Button
              size="xs"
              disabled={!changed}
              loading={save.isPending}
              onClick={() =>
                save.mutate(chosen, {
                  onSuccess: () => notifications.show({ color: 'teal', message: 'Theme labels saved.' }),
                })
              }
            >
              Save labels
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
