/*
 * xfplugin: the C SDK for xinfang plugins.
 *
 * A plugin is a program the xinfang daemon starts; it talks to the daemon's plugin host over
 * its stdin (host -> plugin) and stdout (plugin -> host) in frames: 1 flag byte (0), a 4-byte
 * big-endian body length (at most 4 MiB, or the Welcome's max_frame_bytes), then the
 * protobuf encoding of a xinfang.v1.PluginMessage (plugin -> host) or HostMessage
 * (host -> plugin). Anything written to stderr is logged by the host, one line per record.
 * Never write anything else to stdout. See docs/plugins.md.
 *
 *   xf_plugin *plugin = xf_plugin_new(0, 1);
 *   const Xinfang__V1__Welcome *welcome;
 *   if (xf_plugin_handshake(plugin, "mailbox", "1.0.0", &requested, &welcome) != 0) {
 *       fprintf(stderr, "%s\n", xf_plugin_error(plugin));
 *       return 1;
 *   }
 *   Xinfang__V1__HostMessage *answer;
 *   xf_plugin_submit_wait(plugin, &submission, &answer);   // answer->submit_result
 *   Xinfang__V1__HostMessage *message;
 *   while (xf_plugin_receive(plugin, &message) == 1) {
 *       if (message->body_case == XINFANG__V1__HOST_MESSAGE__BODY_EVENT)
 *           xf_plugin_ack(plugin, message->event->delivery_id);
 *       xf_plugin_message_free(message);
 *   }
 *
 * The library answers the host's heartbeats inside xf_plugin_receive and
 * xf_plugin_submit_wait: call one of them at least once per heartbeat interval
 * (Welcome.heartbeat_interval_ms), or the host stops the plugin as hung.
 * Functions return 0 (or a positive value) on success and -1 on failure; the reason is in
 * xf_plugin_error(). The library is not thread-safe: use one plugin from one thread.
 */
#ifndef XFPLUGIN_H
#define XFPLUGIN_H

#include <stddef.h>
#include <stdint.h>

#include "xinfang/v1/plugin.pb-c.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The largest frame body the protocol allows (the host may announce less in Welcome). */
#define XF_MAX_FRAME_BYTES (4u * 1024u * 1024u)

typedef struct xf_plugin xf_plugin;

/* A connection over the given descriptors (normally 0 and 1). Ignores SIGPIPE, so a host
 * that went away is a write error, not a kill. NULL when out of memory. */
xf_plugin *xf_plugin_new(int in_fd, int out_fd);

/* Frees the connection and every queued message; does not close the descriptors. */
void xf_plugin_free(xf_plugin *plugin);

/* The reason the last call failed. */
const char *xf_plugin_error(const xf_plugin *plugin);

/* Sends Hello and waits for the host's answer. On Welcome, *welcome (owned by the plugin
 * object) holds what was granted, the config and the state folder. On Refusal returns -1;
 * the error reads "refused (CODE): REASON". */
int xf_plugin_handshake(xf_plugin *plugin, const char *name, const char *version,
                        const Xinfang__V1__Capabilities *requested,
                        const Xinfang__V1__Welcome **welcome);

/* The value of a Welcome config entry, or NULL. */
const char *xf_plugin_config(const xf_plugin *plugin, const char *name);

/* Sends a submission; returns its request id (> 0), or 0 on failure. The answer arrives as
 * a SUBMIT_RESULT message carrying the same request id. */
uint64_t xf_plugin_submit(xf_plugin *plugin, const Xinfang__V1__Submission *submission);

/* Sends a submission and waits for its answer; other messages that arrive meanwhile are kept
 * for xf_plugin_receive. On 0, *result is the whole HostMessage (free it with
 * xf_plugin_message_free); check (*result)->submit_result->error first. */
int xf_plugin_submit_wait(xf_plugin *plugin, const Xinfang__V1__Submission *submission,
                          Xinfang__V1__HostMessage **result);

/* Tells the host the plugin is done with a delivery (EventDelivery.delivery_id). */
int xf_plugin_ack(xf_plugin *plugin, uint64_t delivery_id);

/* Sends a log record (level: "debug", "info", "warning", "error"). Never log personal data. */
int xf_plugin_log(xf_plugin *plugin, const char *level, const char *message);

/* The next message from the host (heartbeats are answered here and never returned).
 * Returns 1 with *message set (free it with xf_plugin_message_free), 0 when the host closed
 * the connection, -1 on a bad frame or a read error. After a SHUTDOWN message, finish and
 * exit within its grace period. */
int xf_plugin_receive(xf_plugin *plugin, Xinfang__V1__HostMessage **message);

void xf_plugin_message_free(Xinfang__V1__HostMessage *message);

/* Low level: writes one frame holding `message`; -1 with errno set on failure (EMSGSIZE when
 * it is over max_frame_bytes). */
int xf_frame_write(int fd, const ProtobufCMessage *message, size_t max_frame_bytes);

/* Low level: reads one frame body into a malloc'd buffer. Returns 1 (a frame), 0 (end of
 * stream on a frame boundary), -1 with errno set (EPROTO: bad flag or truncated frame,
 * EMSGSIZE: over max_frame_bytes). */
int xf_frame_read(int fd, size_t max_frame_bytes, uint8_t **body, size_t *length);

#ifdef __cplusplus
}
#endif

#endif
