(module
  (memory 1)
  (data (i32.const 9) "\af")
  (func (export "tee") (param i32) (result f32) i32.const 8 i32.load8_u local.tee 0 f32.reinterpret_i32)
  (func (export "viaLocal") (param i32) (result f32) i32.const 8 i32.load8_u local.set 0 local.get 0 f32.reinterpret_i32)
  (func (export "i64load32u") (result f64) i32.const 8 i64.load32_u f64.reinterpret_i64)
  (func (export "i64load8u") (result f64) i32.const 8 i64.load8_u f64.reinterpret_i64)
  (func (export "store") (f32.store (i32.const 100) (f32.reinterpret_i32 (i32.load8_u (i32.const 8)))))
)
