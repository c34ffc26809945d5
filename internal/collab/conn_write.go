// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"

	"github.com/coder/websocket"
)

// send queues a frame for the client, and starts a writer if none is
// running. A client too slow to take outBuffer frames is disconnected
// (it resyncs when it reconnects); frames for a closing connection are
// dropped.
func (c *conn) send(frame []byte) {
	select {
	case <-c.closing:
		return
	default:
	}
	c.qmu.Lock()
	if len(c.queue) >= outBuffer {
		c.qmu.Unlock()
		c.fail("too slow: reconnect to resync")
		return
	}
	c.queue = append(c.queue, frame)
	start := !c.writing
	c.writing = true
	c.qmu.Unlock()
	if start {
		go c.writeQueued()
	}
}

// writeQueued sends everything queued, merged where it can be (see
// coalesce), until the queue is empty; a failed write closes the
// connection.
func (c *conn) writeQueued() {
	for {
		c.qmu.Lock()
		frames := c.queue
		if len(frames) == 0 {
			c.writing = false
			c.qmu.Unlock()
			return
		}
		c.queue, c.spare = c.spare[:0], nil
		c.qmu.Unlock()
		if err := c.write(frames); err != nil {
			c.closeWith(websocket.StatusNormalClosure, "")
			c.qmu.Lock()
			c.queue, c.writing = nil, false
			c.qmu.Unlock()
			return
		}
		clear(frames)
		c.qmu.Lock()
		c.spare = frames[:0]
		c.qmu.Unlock()
	}
}

// write sends frames, merging what can be merged, within writeTimeout:
// the watchdog closes a connection whose client stopped reading. (A
// context with a deadline would do the same, at the cost of a timer and
// a context registration per write, which were half of what the server
// allocated under load.)
func (c *conn) write(frames [][]byte) error {
	c.watchdog.Reset(writeTimeout)
	defer c.watchdog.Stop()
	for len(frames) > 0 {
		n := min(len(frames), maxCoalesce)
		for _, f := range coalesce(frames[:n]) {
			if err := c.ws.Write(context.Background(), websocket.MessageBinary, f); err != nil {
				return err
			}
		}
		frames = frames[n:]
	}
	return nil
}
