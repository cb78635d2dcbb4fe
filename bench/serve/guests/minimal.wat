;; minimal.wat -- the least a WAGI guest can do: one fd_write of a CGI header and a short body, no
;; libc start-up. cpu-breakdown.py serves it to measure the cost of a per-request instance itself
;; (store, WASI context, instantiation, one host call, CGI parsing) apart from a real guest's work.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; iovec at 0: {ptr 16, len 32}; the text at 16
  (data (i32.const 0) "\10\00\00\00\20\00\00\00")
  (data (i32.const 16) "Content-Type: text/plain\n\nhello\n")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
