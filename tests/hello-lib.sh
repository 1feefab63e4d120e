# Small programs for the tests of outside recipe trees (t2080, t5060): each
# prints its name and the version of the mbedTLS it was linked with.
hello_c='#include <stdio.h>
#include <mbedtls/version.h>
int main(void) { char v[32]; mbedtls_version_get_string(v); printf("%s mbedtls %s\n", NAME, v); return 0; }'

# hello_autotools DIR: hello-at, an autotools project linking mbedTLS through
# pkg-config (configure.ac, a hand-written Makefile.in), configure generated.
hello_autotools() {
	mkdir -p "$1"
	printf '%s\n' "$hello_c" | sed 's/NAME/"hello-at"/' > "$1/hello.c"
	cat > "$1/configure.ac" <<'AC'
AC_INIT([hello-at], [1.0])
AC_PROG_CC
PKG_PROG_PKG_CONFIG
PKG_CHECK_MODULES([MBEDTLS], [mbedtls])
AC_CONFIG_FILES([Makefile])
AC_OUTPUT
AC
	cat > "$1/Makefile.in" <<'MK'
CC = @CC@
CFLAGS = @CFLAGS@ @MBEDTLS_CFLAGS@
CPPFLAGS = @CPPFLAGS@
LDFLAGS = @LDFLAGS@
LIBS = @MBEDTLS_LIBS@ @LIBS@
srcdir = @srcdir@
prefix = @prefix@
hello-at: $(srcdir)/hello.c
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(srcdir)/hello.c $(LIBS)
install: hello-at
	mkdir -p $(DESTDIR)$(prefix)/bin && cp hello-at $(DESTDIR)$(prefix)/bin/
MK
	(cd "$1" && autoreconf -fi > /dev/null 2>&1 && rm -rf autom4te.cache) || { echo "Bail out! autoreconf failed"; exit 1; }
}
