/*
 * xf-example-plugin: a complete xinfang plugin in C.
 *
 * It registers one case described by its manifest's `config` (idempotency_key, channel,
 * subject, content, petitioner_name, org_id), then receives the events its manifest
 * subscribes it to, logs each one (type and case number only: never personal data) and
 * acknowledges it. It exits when the host asks it to shut down or closes the connection.
 * Because the submission carries an idempotency key, restarting the plugin never registers
 * the case twice: the host answers with the case the key created the first time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xfplugin.h"

static const char *config_or(xf_plugin *plugin, const char *name, const char *fallback) {
    const char *value = xf_plugin_config(plugin, name);
    return value != NULL && value[0] != '\0' ? value : fallback;
}

int main(void) {
    xf_plugin *plugin = xf_plugin_new(0, 1);
    if (plugin == NULL) return 1;
    const char *name = getenv("XINFANG_PLUGIN_NAME");
    if (name == NULL) name = "c-example";

    /* Ask for one channel and every event type; the manifest must grant both. */
    char *channels[] = { getenv("XF_EXAMPLE_CHANNEL") != NULL ? getenv("XF_EXAMPLE_CHANNEL") : "letter" };
    char *event_types[] = { "*" };
    Xinfang__V1__Capabilities requested = XINFANG__V1__CAPABILITIES__INIT;
    requested.n_submit_channels = 1;
    requested.submit_channels = channels;
    requested.n_event_types = 1;
    requested.event_types = event_types;

    const Xinfang__V1__Welcome *welcome = NULL;
    if (xf_plugin_handshake(plugin, name, "c-example-1.0", &requested, &welcome) != 0) {
        fprintf(stderr, "handshake failed: %s\n", xf_plugin_error(plugin));
        xf_plugin_free(plugin);
        return 2;
    }
    fprintf(stderr, "connected; heartbeat every %u ms, state in %s\n", welcome->heartbeat_interval_ms, welcome->state_dir);

    Xinfang__V1__Petitioner petitioner = XINFANG__V1__PETITIONER__INIT;
    petitioner.name = (char *)config_or(plugin, "petitioner_name", "匿名来信人");
    Xinfang__V1__Submission submission = XINFANG__V1__SUBMISSION__INIT;
    submission.idempotency_key = (char *)config_or(plugin, "idempotency_key", "c-example-1");
    submission.channel = channels[0];
    submission.subject = (char *)config_or(plugin, "subject", "来信反映道路积水");
    submission.content = (char *)config_or(plugin, "content", "雨后道路积水严重，影响出行，请尽快处理。");
    submission.org_id = (char *)config_or(plugin, "org_id", "");
    submission.petitioner = &petitioner;

    Xinfang__V1__HostMessage *answer = NULL;
    if (xf_plugin_submit_wait(plugin, &submission, &answer) != 0) {
        fprintf(stderr, "submission failed: %s\n", xf_plugin_error(plugin));
        xf_plugin_free(plugin);
        return 3;
    }
    char line[256];
    if (answer->body_case == XINFANG__V1__HOST_MESSAGE__BODY_SUBMIT_RESULT && answer->submit_result->error == NULL) {
        const Xinfang__V1__SubmitResponse *response = answer->submit_result->response;
        snprintf(line, sizeof line, "case %s %s", response->case_number, response->created ? "registered" : "already registered");
        xf_plugin_log(plugin, "info", line);
    } else {
        const Xinfang__V1__PluginError *error =
            answer->body_case == XINFANG__V1__HOST_MESSAGE__BODY_ERROR ? answer->error : answer->submit_result->error;
        snprintf(line, sizeof line, "submission refused: %s: %s", error->code, error->message);
        xf_plugin_log(plugin, "error", line);
    }
    xf_plugin_message_free(answer);

    Xinfang__V1__HostMessage *message = NULL;
    int got;
    while ((got = xf_plugin_receive(plugin, &message)) == 1) {
        switch (message->body_case) {
        case XINFANG__V1__HOST_MESSAGE__BODY_EVENT: {
            const Xinfang__V1__CaseEvent *event = message->event->event;
            snprintf(line, sizeof line, "event %s on %s (delivery %llu, attempt %u)", event->type, event->case_number,
                     (unsigned long long)message->event->delivery_id, message->event->attempt);
            xf_plugin_log(plugin, "info", line);
            if (xf_plugin_ack(plugin, message->event->delivery_id) != 0) {
                fprintf(stderr, "ack failed: %s\n", xf_plugin_error(plugin));
            }
            break;
        }
        case XINFANG__V1__HOST_MESSAGE__BODY_ERROR:
            fprintf(stderr, "host error %s: %s\n", message->error->code, message->error->message);
            break;
        case XINFANG__V1__HOST_MESSAGE__BODY_SHUTDOWN:
            fprintf(stderr, "shutting down (grace %u ms)\n", message->shutdown->grace_ms);
            xf_plugin_message_free(message);
            xf_plugin_free(plugin);
            return 0;
        default:
            break;
        }
        xf_plugin_message_free(message);
    }
    if (got < 0) fprintf(stderr, "connection failed: %s\n", xf_plugin_error(plugin));
    xf_plugin_free(plugin);
    return got < 0 ? 4 : 0;
}
