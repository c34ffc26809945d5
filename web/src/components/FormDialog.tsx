// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Modal } from "@mantine/core";
import type { FormEvent, ReactNode } from "react";
import { useI18n } from "../i18n/context";
import { Notice } from "./Notice";

/**
 * FormDialog is a create or edit dialog: the form's fields, then the
 * server's (or the form's) error, then Cancel and the submit button, which
 * turns busy while the request runs. onCancel defaults to onClose.
 */
export function FormDialog({
  opened = true,
  onClose,
  onCancel,
  title,
  onSubmit,
  testId,
  error,
  errorTestId,
  busy,
  submitLabel,
  submitTestId,
  children,
}: {
  opened?: boolean;
  onClose: () => void;
  onCancel?: () => void;
  title: string;
  onSubmit: (e: FormEvent) => void;
  testId: string;
  error: string | null;
  errorTestId: string;
  busy: boolean;
  submitLabel: string;
  submitTestId: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered size="lg" closeButtonProps={{ "aria-label": t("common.close") }}>
      <form onSubmit={onSubmit} className="ens-form" data-testid={testId}>
        {children}
        {error && (
          <Notice kind="error" testId={errorTestId}>
            {error}
          </Notice>
        )}
        <div className="ens-dialog-actions">
          <Button variant="default" onClick={onCancel ?? onClose} disabled={busy}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={busy} data-testid={submitTestId}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
