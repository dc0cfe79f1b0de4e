/** Dispatching: the transitions applied when assigning / starting travel / arriving, and the travel speed. */
import { Button, Heading, HelperMessage, Inline, Label, Stack, Text, Textfield } from '@forge/react';
import { type ReactNode, useState } from 'react';
import { ErrorBanner, FieldError, Success } from './components';
import { type ConfigTabProps, parseNumber, useSaveConfig } from './save';

const STEPS = [
  { key: 'assign', label: 'When a dispatcher assigns', placeholder: 'e.g. Dispatch' },
  { key: 'startTravel', label: 'When the technician starts travelling', placeholder: 'e.g. Start travel' },
  { key: 'arrive', label: 'When the technician arrives', placeholder: 'e.g. Arrive on site' },
] as const;

export function DispatchingTab(props: ConfigTabProps): ReactNode {
  const { config } = props;
  const state = useSaveConfig(props);
  const [transitions, setTransitions] = useState({
    assign: config.transitions.assign ?? '',
    startTravel: config.transitions.startTravel ?? '',
    arrive: config.transitions.arrive ?? '',
  });
  const [speed, setSpeed] = useState(String(config.travelSpeedKmh));

  const save = () => {
    const kmh = parseNumber(speed);
    if (kmh === undefined || kmh <= 0 || kmh > 300) {
      state.fail({
        code: 'INVALID_INPUT',
        message: 'Travel speed must be a number of km/h between 1 and 300.',
        fields: [{ path: 'travelSpeedKmh', message: 'Enter a speed between 1 and 300 km/h.' }],
      });
      return;
    }
    void state.save({
      transitions: {
        assign: transitions.assign.trim() || null,
        startTravel: transitions.startTravel.trim() || null,
        arrive: transitions.arrive.trim() || null,
      },
      travelSpeedKmh: kmh,
    });
  };

  return (
    <Stack space="space.300" testId="admin-dispatching">
      <Stack space="space.100">
        <Heading size="small">Transitions</Heading>
        <Text size="small" color="color.text.subtle">
          Transition names are looked up on each ticket's workflow. Leave a step empty to change only the
          assignee.
        </Text>
        {STEPS.map((s) => (
          <Stack key={s.key} space="space.050">
            <Label labelFor={`transition-${s.key}`}>{s.label}</Label>
            <Textfield
              id={`transition-${s.key}`}
              value={transitions[s.key]}
              placeholder={s.placeholder}
              width={320}
              onChange={(e) => {
                setTransitions({ ...transitions, [s.key]: e.target.value });
                state.touch();
              }}
            />
            <FieldError error={state.error} field={s.key} />
          </Stack>
        ))}
      </Stack>
      <Stack space="space.100">
        <Heading size="small">Ranking</Heading>
        <Label labelFor="travel-speed">Average travel speed (km/h)</Label>
        <Textfield
          id="travel-speed"
          type="number"
          value={speed}
          width={160}
          onChange={(e) => {
            setSpeed(e.target.value);
            state.touch();
          }}
        />
        <HelperMessage>
          Turns straight-line distance into the travel time shown with each suggestion.
        </HelperMessage>
        <FieldError error={state.error} field="travelSpeedKmh" />
      </Stack>
      {state.error && !state.error.fields?.length ? (
        <ErrorBanner error={state.error} onReload={props.onReload} />
      ) : null}
      {state.saved ? <Success>Dispatching settings saved.</Success> : null}
      <Inline>
        <Button appearance="primary" onClick={save} isDisabled={state.busy} testId="save-dispatching">
          {state.busy ? 'Saving…' : 'Save'}
        </Button>
      </Inline>
    </Stack>
  );
}
