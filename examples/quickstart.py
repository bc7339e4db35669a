import mlsysim
from mlsysim import SingleNodeModel

# Load a model and hardware from the vetted registry
model = mlsysim.Models.ResNet50
gpu = mlsysim.Hardware.Cloud.A100

# Solve: is this workload memory-bound or compute-bound?
solver = SingleNodeModel()
profile = solver.solve(model=model, hardware=gpu, batch_size=1, precision="fp16")

# With today's 8.2 GFLOP ResNet-50 count this prints Compute Bound
# (the old registry counted 4.1 G multiply-accumulates as FLOPs).
print(f"Bottleneck: {profile.bottleneck}") # → Memory Bound
print(f"Latency: {profile.latency.to('ms'):~.2f}")
