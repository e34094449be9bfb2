import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { validationIssues } from '../../api/client';
import { useCreateSurvey } from '../../api/surveys';
import { SURVEY_KIND_LABELS, SURVEY_KINDS, type SurveyKind } from '../../api/types';

const KIND_HINTS: Record<SurveyKind, string> = {
  nps: 'How likely to recommend you, 0–10, and why',
  csat: 'How satisfied with the service, 1–5, and why',
  ces: 'How much effort it took, 1–7, and why',
  custom: 'Starts with satisfaction, a choice question and a comment; change anything',
};

const DEFAULT_NAMES: Record<SurveyKind, string> = {
  nps: 'Net Promoter Score',
  csat: 'Customer satisfaction',
  ces: 'Customer effort',
  custom: 'Custom survey',
};

export function NewSurveyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const create = useCreateSurvey();
  const [kind, setKind] = useState<SurveyKind>('nps');
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);

  const close = () => {
    onClose();
    setKind('nps');
    setName('');
    setNameError(null);
    create.reset();
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim() || DEFAULT_NAMES[kind];
    create.mutate(
      { kind, name: trimmed },
      {
        onSuccess: (survey) => {
          close();
          navigate(`/surveys/${survey.id}`);
        },
        onError: (error) => setNameError(validationIssues(error).get('name') ?? null),
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="New survey" size="lg">
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          {create.isError && !nameError && (
            <Alert color="red" variant="light" role="alert">
              {create.error.message}
            </Alert>
          )}
          <Radio.Group
            label="Kind"
            description="Each kind starts from a template in English, Spanish and German that you can change."
            value={kind}
            onChange={(value) => setKind(value as SurveyKind)}
          >
            <Stack gap="xs" mt="xs">
              {SURVEY_KINDS.map((value) => (
                <Radio
                  key={value}
                  value={value}
                  label={SURVEY_KIND_LABELS[value]}
                  description={KIND_HINTS[value]}
                />
              ))}
            </Stack>
          </Radio.Group>
          <TextInput
            label="Name"
            description="For your team only; customers see the survey's title."
            placeholder={DEFAULT_NAMES[kind]}
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setNameError(null);
            }}
            error={nameError}
            maxLength={200}
          />
          <Text size="sm" c="dimmed">
            The survey starts as a draft; customers can answer it once you make it active.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create survey
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
