import { Button, Group, Modal, NumberInput, Stack, Switch, TagsInput, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAdjustments } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/QueryStatus';
import { type RecognitionSettings, useRecognitionSettings, useUpdateRecognitionSettings } from './api';

type Form = Pick<
  RecognitionSettings,
  | 'valueTags'
  | 'pointsEnabled'
  | 'monthlyAllowance'
  | 'maxPointsPerKudos'
  | 'praiseMilestones'
  | 'feedbackNudgeDays'
>;

const formOf = (s: RecognitionSettings): Form => ({
  valueTags: s.valueTags,
  pointsEnabled: s.pointsEnabled,
  monthlyAllowance: s.monthlyAllowance,
  maxPointsPerKudos: s.maxPointsPerKudos,
  praiseMilestones: s.praiseMilestones,
  feedbackNudgeDays: s.feedbackNudgeDays,
});

/**
 * For leaders: how the recognition programme works: the values kudos are tagged with, points and
 * the monthly allowance, the praise milestones celebrated, and when managers are nudged to give
 * feedback. (The public page and which milestones are celebrated are under "Wall settings".)
 */
export function RecognitionSettingsButton() {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconAdjustments size={16} aria-hidden />}
        onClick={() => setOpened(true)}
      >
        Programme
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Recognition programme" size="lg">
        {opened && <SettingsForm onDone={() => setOpened(false)} />}
      </Modal>
    </>
  );
}

function SettingsForm({ onDone }: { onDone: () => void }) {
  const settings = useRecognitionSettings();
  const update = useUpdateRecognitionSettings();
  const [form, setForm] = useState<Form | null>(null);
  useEffect(() => {
    if (settings.data && form === null) setForm(formOf(settings.data));
  }, [settings.data, form]);
  if (settings.error) return <ErrorAlert error={settings.error} onRetry={() => settings.refetch()} />;
  if (!form) return <Text size="sm">Loading…</Text>;
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm({ ...form, [key]: value });
  const milestones = form.praiseMilestones.map(String);
  const badMilestone = milestones.some((m) => !/^\d+$/.test(m) || Number(m) < 1);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(form, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: 'Recognition programme saved.' });
        onDone();
      },
    });
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TagsInput
          label="Values"
          description="What kudos are tagged with: your organisation's values. Press Enter after each."
          value={form.valueTags}
          onChange={(tags) => set('valueTags', tags)}
          maxTags={30}
          clearable
          error={form.valueTags.length === 0 ? 'Keep at least one value' : undefined}
        />
        <Switch
          label="Points with kudos"
          description="People give points from a monthly allowance; received points never expire."
          checked={form.pointsEnabled}
          onChange={(e) => set('pointsEnabled', e.currentTarget.checked)}
        />
        <Group grow>
          <NumberInput
            label="Monthly allowance"
            description="Points each person may give per month"
            min={0}
            max={100_000}
            value={form.monthlyAllowance}
            onChange={(v) => set('monthlyAllowance', Number(v) || 0)}
            disabled={!form.pointsEnabled}
          />
          <NumberInput
            label="Most points per kudos"
            min={1}
            max={100_000}
            value={form.maxPointsPerKudos}
            onChange={(v) => set('maxPointsPerKudos', Math.max(1, Number(v) || 1))}
            disabled={!form.pointsEnabled}
          />
        </Group>
        <TagsInput
          label="Praise milestones"
          description="Customer praises at which a person is celebrated on the wall, e.g. 10, 50, 100."
          value={milestones}
          onChange={(values) => set('praiseMilestones', values.map(Number))}
          maxTags={10}
          error={badMilestone ? 'Whole numbers from 1' : undefined}
        />
        <NumberInput
          label="Nudge managers after"
          description="Days without feedback or recognition before a manager is reminded about a report."
          suffix=" days"
          min={1}
          max={365}
          value={form.feedbackNudgeDays}
          onChange={(v) => set('feedbackNudgeDays', Math.min(365, Math.max(1, Number(v) || 1)))}
        />
        {update.error && <ErrorAlert error={update.error} title="Could not save" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={update.isPending}
            disabled={form.valueTags.length === 0 || badMilestone}
          >
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
