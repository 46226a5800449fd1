package dev.vireo.s3.store;

/** {@code x-amz-metadata-directive} of CopyObject. */
public enum MetadataDirective { COPY, REPLACE }
