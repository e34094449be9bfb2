import { Badge, Box, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconHierarchy, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useAllEmployees, useTeams } from '../../api/people';
import { TEAM_KIND_LABELS, type Team } from '../../api/types';
import { EmptyPanel } from '../../components/EmptyPanel';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { TeamModal } from './TeamModal';

interface TeamNode {
  team: Team;
  children: TeamNode[];
}

/** Builds the department → team → sub-team tree; a team whose parent is missing is shown at the top. */
function buildTree(teams: Team[]): TeamNode[] {
  const nodes = new Map(teams.map((team) => [team.id, { team, children: [] as TeamNode[] }]));
  const roots: TeamNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.team.parentId ? nodes.get(node.team.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: TeamNode[]) => {
    list.sort((a, b) => a.team.name.localeCompare(b.team.name));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

const KIND_COLOURS = { department: 'indigo', team: 'blue', sub_team: 'cyan' } as const;

interface TreeProps {
  nodes: TeamNode[];
  depth: number;
  managerNames: Map<string, string>;
  onEdit: (team: Team) => void;
}

function TeamTree({ nodes, depth, managerNames, onEdit }: TreeProps) {
  return (
    <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }} pl={depth === 0 ? 0 : 'lg'}>
      {nodes.map(({ team, children }) => {
        const managers = team.managerIds.map((id) => managerNames.get(id) ?? 'Former employee');
        return (
          <Box component="li" key={team.id} mt="xs">
            <Paper
              withBorder
              radius="md"
              p="sm"
              style={depth > 0 ? { borderLeft: '3px solid var(--mantine-color-blue-2)' } : undefined}
            >
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Stack gap={2}>
                  <Group gap="xs">
                    <Text fw={600}>{team.name}</Text>
                    <Badge size="sm" variant="light" color={KIND_COLOURS[team.kind]}>
                      {TEAM_KIND_LABELS[team.kind]}
                    </Badge>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {team.memberCount} {team.memberCount === 1 ? 'member' : 'members'} ·{' '}
                    {managers.length === 0 ? 'No manager' : `Managed by ${managers.join(', ')}`}
                  </Text>
                </Stack>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => onEdit(team)}
                  aria-label={`Edit ${team.name}`}
                >
                  Edit
                </Button>
              </Group>
            </Paper>
            {children.length > 0 && (
              <TeamTree nodes={children} depth={depth + 1} managerNames={managerNames} onEdit={onEdit} />
            )}
          </Box>
        );
      })}
    </Box>
  );
}

export function TeamsPage() {
  const teams = useTeams();
  const employees = useAllEmployees();
  const [opened, { open, close }] = useDisclosure(false);
  const [editing, setEditing] = useState<Team | undefined>();

  const tree = useMemo(() => buildTree(teams.data ?? []), [teams.data]);
  const managerNames = useMemo(
    () => new Map((employees.data ?? []).map((person) => [person.id, person.preferredName ?? person.name])),
    [employees.data],
  );

  const openCreate = () => {
    setEditing(undefined);
    open();
  };

  return (
    <>
      <PageHeader
        title="Teams"
        description="Departments, the teams inside them and their sub-teams. Responses and recognition roll up this tree."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openCreate}>
            Create team
          </Button>
        }
      />
      {teams.isPending ? (
        <TableSkeleton label="Loading teams" />
      ) : teams.isError ? (
        <ErrorAlert error={teams.error} title="Could not load teams" onRetry={() => teams.refetch()} />
      ) : tree.length === 0 ? (
        <EmptyPanel
          icon={<IconHierarchy aria-hidden />}
          title="No teams yet"
          description="Create a department, then the teams inside it, or import a roster with department and team columns."
        />
      ) : (
        <Box maw={900} aria-label="Team tree" component="section">
          <TeamTree
            nodes={tree}
            depth={0}
            managerNames={managerNames}
            onEdit={(team) => {
              setEditing(team);
              open();
            }}
          />
        </Box>
      )}
      <TeamModal opened={opened} onClose={close} teams={teams.data ?? []} team={editing} />
    </>
  );
}
