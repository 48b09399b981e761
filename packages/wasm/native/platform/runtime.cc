// What libc++ expects from a threaded C runtime and wasi-libc leaves out.
// thread_local objects with destructors register them here; the module's
// threads live as long as the instance, so nothing is ever run.
extern "C" int __cxa_thread_atexit(void (*)(void*), void*, void*) { return 0; }
