// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package natsbus

import (
	"errors"
	"strings"

	"github.com/nats-io/nats.go"
)

// onDisconnect logs a lost connection; nats.go then reconnects on its own.
func (b *Bus) onDisconnect(_ *nats.Conn, err error) {
	if b.closing.Load() {
		return
	}
	b.log.Warn("natsbus: disconnected from NATS; reconnecting", "url", b.url, "err", err)
}

// onReconnect logs a connection that came back.
func (b *Bus) onReconnect(nc *nats.Conn) {
	b.log.Info("natsbus: reconnected to NATS", "url", nc.ConnectedUrlRedacted())
}

// onReconnectError logs a failed reconnection attempt, at debug level: the
// disconnection was logged already, and attempts go on with backoff.
func (b *Bus) onReconnectError(_ *nats.Conn, err error) {
	b.log.Debug("natsbus: reconnection attempt failed", "url", b.url, "err", err)
}

// onError logs asynchronous errors. nats.go reports a slow consumer once
// each time a subscription starts dropping, so this does not flood the log;
// the count is in Subscription.Dropped.
func (b *Bus) onError(_ *nats.Conn, sub *nats.Subscription, err error) {
	if errors.Is(err, nats.ErrSlowConsumer) && sub != nil {
		dropped, _ := sub.Dropped()
		b.log.Warn("natsbus: slow subscriber is losing messages",
			"pattern", strings.TrimPrefix(sub.Subject, b.cfg.prefix), "dropped", dropped)
		return
	}
	b.log.Warn("natsbus: error", "err", err)
}
