// libedit (Debian's libedit-dev) for xfsh. Swift 6 rejects C globals such as stdin and
// stdout as unsafe, and cannot call variadic el_set/el_get/history: small inline wrappers
// live here, each with one fixed signature.
#ifndef XINFANG_CLIBEDIT_SHIM_H
#define XINFANG_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <locale.h>
#include <wchar.h>
#include <sys/ioctl.h>
#include <histedit.h>

static inline FILE *xf_stdin(void) { return stdin; }
static inline FILE *xf_stdout(void) { return stdout; }
static inline FILE *xf_stderr(void) { return stderr; }

// MARK: el_set / el_get with fixed signatures

typedef char *(*xf_prompt_fn)(EditLine *);
typedef unsigned char (*xf_command_fn)(EditLine *, int);

static inline int xf_el_set_prompt(EditLine *el, xf_prompt_fn f) { return el_set(el, EL_PROMPT, f); }
static inline int xf_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int xf_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int xf_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int xf_el_set_getcfn(EditLine *el, el_rfunc_t f) { return el_set(el, EL_GETCFN, f); }
static inline int xf_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline int xf_el_add_function(EditLine *el, const char *name, const char *help, xf_command_fn f) {
    return el_set(el, EL_ADDFN, name, help, f);
}
static inline int xf_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, NULL);
}
/// Redraws the prompt and the buffer from the terminal's current column 0 (the caller has
/// moved the cursor there and cleared what was shown).
static inline int xf_el_redraw(EditLine *el) { return el_set(el, EL_REFRESH); }
static inline void *xf_el_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

// MARK: history with fixed signatures

static inline int xf_history_setsize(History *h, int size) {
    HistEvent event;
    return history(h, &event, H_SETSIZE, size);
}
static inline int xf_history_setunique(History *h, int unique) {
    HistEvent event;
    return history(h, &event, H_SETUNIQUE, unique);
}
static inline int xf_history_enter(History *h, const char *line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}
static inline int xf_history_load(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}
static inline int xf_history_save(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}

// MARK: signals, delivered to the line editor through a pipe

static volatile sig_atomic_t xf_interrupts = 0;
static volatile sig_atomic_t xf_resizes = 0;
static int xf_signal_pipe = -1;

static void xf_on_signal(int signal) {
    if (signal == SIGINT) xf_interrupts = 1; else xf_resizes = 1;
    if (xf_signal_pipe >= 0) {
        char byte = 's';
        ssize_t ignored = write(xf_signal_pipe, &byte, 1);
        (void)ignored;
    }
}

/// SIGINT and SIGWINCH set a flag and write one byte to `pipe_fd` (the editor's wake pipe).
static inline void xf_install_signal_handlers(int pipe_fd) {
    xf_signal_pipe = pipe_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = xf_on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGWINCH, &action, NULL);
}

/// 1 when SIGINT arrived since the last call.
static inline int xf_take_interrupt(void) {
    int value = xf_interrupts;
    xf_interrupts = 0;
    return value;
}

/// 1 when SIGWINCH arrived since the last call.
static inline int xf_take_resize(void) {
    int value = xf_resizes;
    xf_resizes = 0;
    return value;
}

/// The terminal's width in columns (80 when it cannot be told).
static inline int xf_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
}

/// Makes the C library (and libedit's wide-character handling) read and write UTF-8 even
/// when the environment names no UTF-8 locale.
static inline void xf_use_utf8_locale(void) {
    const char *current = setlocale(LC_CTYPE, "");
    if (current == NULL || (strstr(current, "UTF-8") == NULL && strstr(current, "utf8") == NULL)) {
        setlocale(LC_CTYPE, "C.UTF-8");
    }
}

#endif
