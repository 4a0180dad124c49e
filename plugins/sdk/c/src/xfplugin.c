/* xfplugin: framing, the handshake, submit, receive and ack for xinfang plugins in C. */
#include "xfplugin.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct queued {
    Xinfang__V1__HostMessage *message;
    struct queued *next;
};

struct xf_plugin {
    int in_fd;
    int out_fd;
    size_t max_frame_bytes;
    uint64_t next_request_id;
    Xinfang__V1__HostMessage *welcome_message; /* owns the Welcome */
    struct queued *head;
    struct queued *tail;
    char error[512];
};

static int fail(xf_plugin *plugin, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(plugin->error, sizeof plugin->error, format, arguments);
    va_end(arguments);
    return -1;
}

/* ---- framing ---- */

static int write_all(int fd, const uint8_t *bytes, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        bytes += written;
        length -= (size_t)written;
    }
    return 0;
}

/* Reads exactly `length` bytes: 1 when read, 0 at end of stream before the first byte, -1 otherwise. */
static int read_exact(int fd, uint8_t *bytes, size_t length) {
    size_t done = 0;
    while (done < length) {
        ssize_t count = read(fd, bytes + done, length - done);
        if (count < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (count == 0) {
            if (done == 0) return 0;
            errno = EPROTO; /* the stream ended inside a frame */
            return -1;
        }
        done += (size_t)count;
    }
    return 1;
}

int xf_frame_write(int fd, const ProtobufCMessage *message, size_t max_frame_bytes) {
    size_t length = protobuf_c_message_get_packed_size(message);
    if (length > max_frame_bytes || length > UINT32_MAX) {
        errno = EMSGSIZE;
        return -1;
    }
    uint8_t *frame = malloc(5 + length);
    if (frame == NULL) return -1;
    frame[0] = 0;
    frame[1] = (uint8_t)(length >> 24);
    frame[2] = (uint8_t)(length >> 16);
    frame[3] = (uint8_t)(length >> 8);
    frame[4] = (uint8_t)length;
    protobuf_c_message_pack(message, frame + 5);
    /* One write per frame, so frames never interleave. */
    int result = write_all(fd, frame, 5 + length);
    free(frame);
    return result;
}

int xf_frame_read(int fd, size_t max_frame_bytes, uint8_t **body, size_t *length) {
    uint8_t header[5];
    int got = read_exact(fd, header, sizeof header);
    if (got <= 0) return got;
    if (header[0] != 0) {
        errno = EPROTO; /* only uncompressed frames exist */
        return -1;
    }
    size_t declared = (size_t)header[1] << 24 | (size_t)header[2] << 16 | (size_t)header[3] << 8 | header[4];
    if (declared > max_frame_bytes) {
        errno = EMSGSIZE;
        return -1;
    }
    uint8_t *buffer = malloc(declared > 0 ? declared : 1);
    if (buffer == NULL) return -1;
    if (declared > 0 && read_exact(fd, buffer, declared) != 1) {
        if (errno == 0) errno = EPROTO;
        free(buffer);
        return -1;
    }
    *body = buffer;
    *length = declared;
    return 1;
}

/* ---- messages ---- */

static int send_message(xf_plugin *plugin, Xinfang__V1__PluginMessage *message) {
    if (xf_frame_write(plugin->out_fd, &message->base, plugin->max_frame_bytes) != 0) {
        return fail(plugin, "writing a frame failed: %s", strerror(errno));
    }
    return 0;
}

/* Reads one host message, whatever it is. 1: *message set; 0: end of stream; -1: error. */
static int read_message(xf_plugin *plugin, Xinfang__V1__HostMessage **message) {
    uint8_t *body = NULL;
    size_t length = 0;
    errno = 0;
    int got = xf_frame_read(plugin->in_fd, XF_MAX_FRAME_BYTES, &body, &length);
    if (got == 0) return 0;
    if (got < 0) return fail(plugin, "reading a frame failed: %s", strerror(errno));
    *message = xinfang__v1__host_message__unpack(NULL, length, body);
    free(body);
    if (*message == NULL) return fail(plugin, "a frame of %zu bytes is not a valid HostMessage", length);
    return 1;
}

static int answer_heartbeat(xf_plugin *plugin, const Xinfang__V1__Heartbeat *probe) {
    Xinfang__V1__Heartbeat beat = XINFANG__V1__HEARTBEAT__INIT;
    Google__Protobuf__Timestamp now = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    struct timespec clock;
    clock_gettime(CLOCK_REALTIME, &clock);
    now.seconds = clock.tv_sec;
    now.nanos = (int32_t)clock.tv_nsec;
    beat.sequence = probe->sequence;
    beat.sent_at = &now;
    Xinfang__V1__PluginMessage message = XINFANG__V1__PLUGIN_MESSAGE__INIT;
    message.body_case = XINFANG__V1__PLUGIN_MESSAGE__BODY_HEARTBEAT;
    message.heartbeat = &beat;
    return send_message(plugin, &message);
}

/* The next message that is not a heartbeat, straight from the pipe. */
static int next_from_host(xf_plugin *plugin, Xinfang__V1__HostMessage **message) {
    for (;;) {
        int got = read_message(plugin, message);
        if (got <= 0) return got;
        if ((*message)->body_case != XINFANG__V1__HOST_MESSAGE__BODY_HEARTBEAT) return 1;
        int answered = answer_heartbeat(plugin, (*message)->heartbeat);
        xinfang__v1__host_message__free_unpacked(*message, NULL);
        *message = NULL;
        if (answered != 0) return -1;
    }
}

xf_plugin *xf_plugin_new(int in_fd, int out_fd) {
    signal(SIGPIPE, SIG_IGN);
    xf_plugin *plugin = calloc(1, sizeof *plugin);
    if (plugin == NULL) return NULL;
    plugin->in_fd = in_fd;
    plugin->out_fd = out_fd;
    plugin->max_frame_bytes = XF_MAX_FRAME_BYTES;
    plugin->next_request_id = 1;
    return plugin;
}

void xf_plugin_free(xf_plugin *plugin) {
    if (plugin == NULL) return;
    while (plugin->head != NULL) {
        struct queued *item = plugin->head;
        plugin->head = item->next;
        xinfang__v1__host_message__free_unpacked(item->message, NULL);
        free(item);
    }
    if (plugin->welcome_message != NULL) xinfang__v1__host_message__free_unpacked(plugin->welcome_message, NULL);
    free(plugin);
}

const char *xf_plugin_error(const xf_plugin *plugin) { return plugin->error; }

int xf_plugin_handshake(xf_plugin *plugin, const char *name, const char *version,
                        const Xinfang__V1__Capabilities *requested,
                        const Xinfang__V1__Welcome **welcome) {
    Xinfang__V1__Capabilities nothing = XINFANG__V1__CAPABILITIES__INIT;
    Xinfang__V1__Hello hello = XINFANG__V1__HELLO__INIT;
    hello.protocol_version = XINFANG__V1__PLUGIN_PROTOCOL_VERSION__PLUGIN_PROTOCOL_VERSION_1;
    hello.plugin_name = (char *)name;
    hello.plugin_version = (char *)version;
    hello.requested = (Xinfang__V1__Capabilities *)(requested != NULL ? requested : &nothing);
    Xinfang__V1__PluginMessage message = XINFANG__V1__PLUGIN_MESSAGE__INIT;
    message.body_case = XINFANG__V1__PLUGIN_MESSAGE__BODY_HELLO;
    message.hello = &hello;
    if (send_message(plugin, &message) != 0) return -1;

    Xinfang__V1__HostMessage *answer = NULL;
    int got = read_message(plugin, &answer);
    if (got == 0) return fail(plugin, "the host closed the connection during the handshake");
    if (got < 0) return -1;
    if (answer->body_case == XINFANG__V1__HOST_MESSAGE__BODY_REFUSAL) {
        fail(plugin, "refused (%s): %s", answer->refusal->code, answer->refusal->reason);
        xinfang__v1__host_message__free_unpacked(answer, NULL);
        return -1;
    }
    if (answer->body_case != XINFANG__V1__HOST_MESSAGE__BODY_WELCOME) {
        xinfang__v1__host_message__free_unpacked(answer, NULL);
        return fail(plugin, "the host answered Hello with something other than Welcome or Refusal");
    }
    plugin->welcome_message = answer;
    if (answer->welcome->max_frame_bytes > 0 && answer->welcome->max_frame_bytes < plugin->max_frame_bytes) {
        plugin->max_frame_bytes = answer->welcome->max_frame_bytes;
    }
    if (welcome != NULL) *welcome = answer->welcome;
    return 0;
}

const char *xf_plugin_config(const xf_plugin *plugin, const char *name) {
    if (plugin->welcome_message == NULL) return NULL;
    const Xinfang__V1__Welcome *welcome = plugin->welcome_message->welcome;
    for (size_t i = 0; i < welcome->n_config; i++) {
        if (strcmp(welcome->config[i]->name, name) == 0) return welcome->config[i]->value;
    }
    return NULL;
}

uint64_t xf_plugin_submit(xf_plugin *plugin, const Xinfang__V1__Submission *submission) {
    Xinfang__V1__PluginSubmit submit = XINFANG__V1__PLUGIN_SUBMIT__INIT;
    submit.request_id = plugin->next_request_id++;
    submit.submission = (Xinfang__V1__Submission *)submission;
    Xinfang__V1__PluginMessage message = XINFANG__V1__PLUGIN_MESSAGE__INIT;
    message.body_case = XINFANG__V1__PLUGIN_MESSAGE__BODY_SUBMIT;
    message.submit = &submit;
    return send_message(plugin, &message) == 0 ? submit.request_id : 0;
}

static int enqueue(xf_plugin *plugin, Xinfang__V1__HostMessage *message) {
    struct queued *item = malloc(sizeof *item);
    if (item == NULL) return fail(plugin, "out of memory");
    item->message = message;
    item->next = NULL;
    if (plugin->tail != NULL) plugin->tail->next = item; else plugin->head = item;
    plugin->tail = item;
    return 0;
}

int xf_plugin_submit_wait(xf_plugin *plugin, const Xinfang__V1__Submission *submission,
                          Xinfang__V1__HostMessage **result) {
    uint64_t id = xf_plugin_submit(plugin, submission);
    if (id == 0) return -1;
    for (;;) {
        Xinfang__V1__HostMessage *message = NULL;
        int got = next_from_host(plugin, &message);
        if (got == 0) return fail(plugin, "the host closed the connection before answering submission %llu", (unsigned long long)id);
        if (got < 0) return -1;
        int answers = (message->body_case == XINFANG__V1__HOST_MESSAGE__BODY_SUBMIT_RESULT && message->submit_result->request_id == id)
            || (message->body_case == XINFANG__V1__HOST_MESSAGE__BODY_ERROR && message->error->request_id == id);
        if (answers) {
            *result = message;
            return 0;
        }
        if (enqueue(plugin, message) != 0) {
            xinfang__v1__host_message__free_unpacked(message, NULL);
            return -1;
        }
    }
}

int xf_plugin_ack(xf_plugin *plugin, uint64_t delivery_id) {
    Xinfang__V1__Ack ack = XINFANG__V1__ACK__INIT;
    ack.delivery_id = delivery_id;
    Xinfang__V1__PluginMessage message = XINFANG__V1__PLUGIN_MESSAGE__INIT;
    message.body_case = XINFANG__V1__PLUGIN_MESSAGE__BODY_ACK;
    message.ack = &ack;
    return send_message(plugin, &message);
}

int xf_plugin_log(xf_plugin *plugin, const char *level, const char *text) {
    Xinfang__V1__LogRecord record = XINFANG__V1__LOG_RECORD__INIT;
    record.level = (char *)level;
    record.message = (char *)text;
    Xinfang__V1__PluginMessage message = XINFANG__V1__PLUGIN_MESSAGE__INIT;
    message.body_case = XINFANG__V1__PLUGIN_MESSAGE__BODY_LOG;
    message.log = &record;
    return send_message(plugin, &message);
}

int xf_plugin_receive(xf_plugin *plugin, Xinfang__V1__HostMessage **message) {
    if (plugin->head != NULL) {
        struct queued *item = plugin->head;
        plugin->head = item->next;
        if (plugin->head == NULL) plugin->tail = NULL;
        *message = item->message;
        free(item);
        return 1;
    }
    return next_from_host(plugin, message);
}

void xf_plugin_message_free(Xinfang__V1__HostMessage *message) {
    if (message != NULL) xinfang__v1__host_message__free_unpacked(message, NULL);
}
