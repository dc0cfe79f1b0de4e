/** Projects & locations: which projects' open tickets are dispatched, and where a ticket's location comes from. */
import {
  Button,
  Heading,
  HelperMessage,
  Inline,
  Label,
  RadioGroup,
  Stack,
  Tag,
  TagGroup,
  Text,
  Textfield,
} from '@forge/react';
import { type ReactNode, useState } from 'react';
import type { DispatchConfig } from '../../domain/contract';
import { ErrorBanner, FieldError, Success } from './components';
import { type ConfigTabProps, useSaveConfig } from './save';

type Source = DispatchConfig['locationSource'];

export function GeneralTab(props: ConfigTabProps): ReactNode {
  const { config } = props;
  const state = useSaveConfig(props);
  const [projects, setProjects] = useState<string[]>([...config.projectKeys]);
  const [project, setProject] = useState('');
  const [kind, setKind] = useState<Source['kind']>(config.locationSource.kind);
  const [fieldId, setFieldId] = useState(config.locationSource.fieldId);
  const [latAttr, setLatAttr] = useState(
    config.locationSource.kind === 'assets' ? config.locationSource.latAttribute : 'Latitude',
  );
  const [lngAttr, setLngAttr] = useState(
    config.locationSource.kind === 'assets' ? config.locationSource.lngAttribute : 'Longitude',
  );
  const [group, setGroup] = useState(config.technicianGroupId ?? '');

  const addProject = () => {
    const key = project.trim().toUpperCase();
    if (key && !projects.includes(key)) setProjects([...projects, key]);
    setProject('');
    state.touch();
  };
  const save = () => {
    const locationSource: Source =
      kind === 'field'
        ? { kind: 'field', fieldId: fieldId.trim() }
        : {
            kind: 'assets',
            fieldId: fieldId.trim(),
            latAttribute: latAttr.trim(),
            lngAttribute: lngAttr.trim(),
          };
    void state.save({ projectKeys: projects, locationSource, technicianGroupId: group.trim() || null });
  };

  return (
    <Stack space="space.300" testId="admin-general">
      <Stack space="space.100">
        <Heading size="small">Projects</Heading>
        <Text size="small" color="color.text.subtle">
          Open tickets of these Jira Service Management projects appear in the console.
        </Text>
        {projects.length ? (
          <TagGroup>
            {projects.map((p) => (
              <Tag
                key={p}
                text={p}
                isRemovable
                removeButtonLabel={`Remove ${p}`}
                onAfterRemoveAction={() => {
                  setProjects(projects.filter((x) => x !== p));
                  state.touch();
                }}
              />
            ))}
          </TagGroup>
        ) : (
          <Text color="color.text.subtlest">No projects yet.</Text>
        )}
        <Inline space="space.100" alignBlock="center">
          <Textfield
            id="project-key"
            placeholder="Project key, e.g. FS"
            value={project}
            width={240}
            onChange={(e) => setProject(e.target.value)}
          />
          <Button onClick={addProject} isDisabled={!project.trim()}>
            Add project
          </Button>
        </Inline>
        <FieldError error={state.error} field="projectKeys" />
      </Stack>

      <Stack space="space.100">
        <Heading size="small">Ticket location</Heading>
        <RadioGroup
          name="location-kind"
          value={kind}
          options={[
            { label: 'A latitude/longitude custom field on the ticket', value: 'field' },
            { label: 'An Assets Location object referenced by the ticket', value: 'assets' },
          ]}
          onChange={(e) => {
            setKind(e.target.value === 'assets' ? 'assets' : 'field');
            state.touch();
          }}
        />
        <Label labelFor="location-field">
          {kind === 'field' ? 'Location field id' : 'Assets object field id'}
        </Label>
        <Textfield
          id="location-field"
          value={fieldId}
          width={320}
          placeholder={kind === 'field' ? 'customfield_10101' : 'customfield_10100'}
          onChange={(e) => setFieldId(e.target.value)}
        />
        <HelperMessage>
          {kind === 'field'
            ? 'A field holding "lat,lng" or {lat, lng}. Tickets without a value are listed apart in the console.'
            : 'The Assets object field on the ticket; the referenced Location object carries the coordinates.'}
        </HelperMessage>
        <FieldError error={state.error} field="fieldId" />
        {kind === 'assets' ? (
          <Inline space="space.200">
            <Stack space="space.050">
              <Label labelFor="lat-attribute">Latitude attribute</Label>
              <Textfield
                id="lat-attribute"
                value={latAttr}
                width={200}
                onChange={(e) => setLatAttr(e.target.value)}
              />
              <FieldError error={state.error} field="latAttribute" />
            </Stack>
            <Stack space="space.050">
              <Label labelFor="lng-attribute">Longitude attribute</Label>
              <Textfield
                id="lng-attribute"
                value={lngAttr}
                width={200}
                onChange={(e) => setLngAttr(e.target.value)}
              />
              <FieldError error={state.error} field="lngAttribute" />
            </Stack>
          </Inline>
        ) : null}
      </Stack>

      <Stack space="space.100">
        <Heading size="small">Technicians</Heading>
        <Label labelFor="tech-group">Jira group of field technicians (group id, optional)</Label>
        <Textfield id="tech-group" value={group} width={320} onChange={(e) => setGroup(e.target.value)} />
        <HelperMessage>
          Members of this group appear as technicians; people with a technician profile always do.
        </HelperMessage>
        <FieldError error={state.error} field="technicianGroupId" />
      </Stack>

      {state.error && !state.error.fields?.length ? (
        <ErrorBanner error={state.error} onReload={props.onReload} />
      ) : null}
      {state.saved ? <Success>Projects and locations saved.</Success> : null}
      <Inline>
        <Button appearance="primary" onClick={save} isDisabled={state.busy} testId="save-general">
          {state.busy ? 'Saving…' : 'Save'}
        </Button>
      </Inline>
    </Stack>
  );
}
