// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package mail

import "github.com/prometheus/client_golang/prometheus"

// metrics count what the outbox did, for /metrics.
type metrics struct {
	sent, failures, gaveUp prometheus.Counter
}

func newMetrics() metrics {
	return metrics{
		sent: prometheus.NewCounter(prometheus.CounterOpts{Name: "ensemble_mail_sent_total",
			Help: "Messages the SMTP relay accepted."}),
		failures: prometheus.NewCounter(prometheus.CounterOpts{Name: "ensemble_mail_failures_total",
			Help: "Failed attempts to hand a message to the SMTP relay (each is retried until given up)."}),
		gaveUp: prometheus.NewCounter(prometheus.CounterOpts{Name: "ensemble_mail_given_up_total",
			Help: "Messages given up after their last attempt or a permanent refusal."}),
	}
}

// Collectors are the outbox's metrics, for the server's registry.
func (o *Outbox) Collectors() []prometheus.Collector {
	return []prometheus.Collector{o.metrics.sent, o.metrics.failures, o.metrics.gaveUp}
}
