// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Group, Modal, Text } from "@mantine/core";
import { useState } from "react";
import { useI18n } from "../i18n/context";

/** ConfirmRequest describes one question; run does the action and may return an error text to show. */
export interface ConfirmRequest {
  title: string;
  body: string;
  confirm: string;
  danger?: boolean;
  run: () => Promise<string | null>;
}

/**
 * ConfirmDialog asks before a destructive action. It stays open, with the
 * error, if the action fails.
 */
export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    if (busy) return;
    setError(null);
    onClose();
  };
  return (
    <Modal opened={request !== null} onClose={close} title={request?.title} centered size="md" closeButtonProps={{ "aria-label": t("common.close") }} data-testid="confirm-dialog">
      <Text>{request?.body}</Text>
      {error && (
        <Text role="alert" c="var(--ensemble-error)" mt="sm" fw={500}>
          {error}
        </Text>
      )}
      <Group justify="flex-end" mt="xl">
        <Button variant="default" onClick={close} disabled={busy}>
          {t("common.cancel")}
        </Button>
        <Button
          color={request?.danger ? "red.8" : undefined}
          loading={busy}
          data-testid="confirm-button"
          onClick={async () => {
            if (!request) return;
            setBusy(true);
            setError(null);
            const err = await request.run();
            setBusy(false);
            if (err) setError(err);
            else onClose();
          }}
        >
          {request?.confirm}
        </Button>
      </Group>
    </Modal>
  );
}
