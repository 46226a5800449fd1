package dev.vireo.core.driver;

import dev.vireo.core.image.Image;
import dev.vireo.core.instance.Accelerator;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstancePaths;

/** Everything a driver needs to start an instance; the accelerator is already resolved (KVM or TCG). */
public record StartSpec(Instance instance, Image image, InstancePaths paths, Accelerator accelerator, int sshPort) {}
