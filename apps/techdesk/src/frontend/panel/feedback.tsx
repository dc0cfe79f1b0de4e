/** The panel footer's "Send feedback": a small modal for agents to tell the app admins what to improve. */
import {
  Button,
  Inline,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  Stack,
  Text,
  TextArea,
} from '@forge/react';
import { type ReactNode, useState } from 'react';
import { type ApiError, call } from '../api';
import { ErrorBanner, FieldError } from '../components';

export function Feedback(): ReactNode {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [thanks, setThanks] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    const result = await call('submitFeedback', { text: text.trim() });
    setBusy(false);
    if (result.ok) {
      setOpen(false);
      setText('');
      setThanks(true);
    } else setError(result.error);
  };

  return (
    <Inline space="space.100" alignBlock="center" alignInline="end">
      {thanks ? (
        <Text size="small" color="color.text.subtlest" testId="feedback-thanks">
          Thanks — your feedback was sent.
        </Text>
      ) : null}
      <Button
        appearance="subtle"
        spacing="compact"
        onClick={() => {
          setThanks(false);
          setOpen(true);
        }}
        testId="feedback-open"
      >
        Send feedback
      </Button>
      <ModalTransition>
        {open ? (
          <Modal onClose={() => setOpen(false)} width="small" testId="feedback-modal">
            <ModalHeader>
              <ModalTitle>Feedback on TechDesk</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Stack space="space.100">
                <Text>What works, what gets in your way? Your app admins read every note.</Text>
                <TextArea
                  testId="feedback-text"
                  value={text}
                  minimumRows={4}
                  onChange={(e) => setText(e.target.value)}
                />
                <FieldError error={error} field="text" />
                {error && !error.fields?.length ? <ErrorBanner error={error} /> : null}
              </Stack>
            </ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button
                appearance="primary"
                isDisabled={busy || !text.trim()}
                onClick={() => void submit()}
                testId="feedback-send"
              >
                Send
              </Button>
            </ModalFooter>
          </Modal>
        ) : null}
      </ModalTransition>
    </Inline>
  );
}
