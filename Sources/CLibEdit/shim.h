// libedit (Debian's libedit-dev) for xfsh. Swift 6 rejects C globals such as stdin and
// stdout as unsafe, and cannot call variadic el_set: small inline wrappers live here.
#ifndef XINFANG_CLIBEDIT_SHIM_H
#define XINFANG_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <histedit.h>

static inline FILE *xf_stdin(void) { return stdin; }
static inline FILE *xf_stdout(void) { return stdout; }
static inline FILE *xf_stderr(void) { return stderr; }

#endif
