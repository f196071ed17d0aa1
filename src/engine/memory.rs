//! Keeps peak memory bounded after large parses.
//!
//! A syntax tree costs tens of bytes per source byte (a 750 KB Python file: about 28 MB), built
//! from many small allocations. Once freed, glibc keeps those pages in the worker thread's arena
//! rather than returning them, so a scan that parsed a few large files on two threads kept
//! hundreds of MB it no longer used. After a large parse the free pages are handed back.

/// Files at least this large release free memory after their tree is dropped.
pub const LARGE_PARSE: u64 = 256 * 1024;

/// Returns free heap pages to the operating system (glibc's `malloc_trim`; elsewhere nothing).
pub fn release_free_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: `malloc_trim` only releases memory the allocator already holds as free; it
        // takes no pointers and is safe to call from any thread at any time.
        unsafe {
            malloc_trim(0);
        }
    }
}
