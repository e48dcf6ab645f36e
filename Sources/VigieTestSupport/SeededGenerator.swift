// The tests' seeded generator is the demo's (VigieDemo): one copy in the project.

@_exported import struct VigieDemo.SeededGenerator
